package org.nymote.mail.store;

import java.util.List;

/**
 * The outcome of a COPY or MOVE (UIDPLUS COPYUID): the target's UIDVALIDITY, and the source UIDs
 * with the target UIDs they became, pairwise in the same order.
 */
public record CopyResult(long uidValidity, List<Long> sourceUids, List<Long> targetUids) {}
