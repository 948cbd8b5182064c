package org.nymote.store;

class MemRepoTest extends RepoContract {
  @Override
  protected Repo openRepo() {
    return Repo.inMemory(Schema.EMPTY);
  }
}
