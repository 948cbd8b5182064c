package org.nymote.server.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser.PacketLineOutRefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;
import org.nymote.server.git.GitRoute.Service;
import org.nymote.store.Repo;
import org.nymote.store.sync.GitServing;

/**
 * The two steps of Git's smart HTTP protocol (gitprotocol-http(5), v0/v1) over a store, with
 * {@link GitServing}'s rules: the ref advertisement of {@code GET info/refs}, and the stateless
 * exchange of a {@code POST} (the client's wants and haves, or its commands and pack, in; a pack, or
 * a report, out). Knows streams only, not HTTP: {@link GitHttp} carries the bytes.
 */
final class SmartHttp {
  private SmartHttp() {}

  /** Writes the advertisement: the {@code # service=NAME} packet, a flush, then the refs. */
  static void advertise(Repo repo, Service service, OutputStream out) throws IOException {
    var packets = new PacketLineOut(out);
    var advertiser = new PacketLineOutRefAdvertiser(packets);
    switch (service) {
      case UPLOAD_PACK -> {
        UploadPack up = GitServing.uploadPack(repo);
        up.setBiDirectionalPipe(false);
        up.sendAdvertisedRefs(advertiser, service.wireName()); // writes the service packet
      }
      case RECEIVE_PACK -> {
        packets.writeString("# service=" + service.wireName() + "\n");
        packets.end();
        ReceivePack rp = GitServing.receivePack(repo);
        rp.setBiDirectionalPipe(false);
        rp.sendAdvertisedRefs(advertiser);
      }
    }
    out.flush();
  }

  /** Runs one exchange: reads the client's request from {@code in}, writes the answer. */
  static void exchange(Repo repo, Service service, InputStream in, OutputStream out)
      throws IOException {
    switch (service) {
      case UPLOAD_PACK -> {
        UploadPack up = GitServing.uploadPack(repo);
        up.setBiDirectionalPipe(false);
        up.upload(in, out, null);
      }
      case RECEIVE_PACK -> {
        ReceivePack rp = GitServing.receivePack(repo);
        rp.setBiDirectionalPipe(false);
        Repo.Transfer transfer = repo.beginTransfer();
        try {
          rp.receive(in, out, null); // the pack lands first; the branch moves at its end
        } finally {
          transfer.close();
        }
      }
    }
    out.flush();
  }
}
