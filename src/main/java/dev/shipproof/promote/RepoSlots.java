package dev.shipproof.promote;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the git writes of the whole operator: at most {@code maxParallel} at once across
 * repositories, and one at a time per repository branch, each granted first come, first served.
 *
 * <p>A writer first queues on its branch's lane, and only the head of a lane asks for one of the
 * shared slots. A branch with many waiting environments therefore holds at most one place in the
 * shared queue, and the other repositories' writers are served in between: no repository starves
 * another, and a busy one never takes more than one slot. Both queues are fair (FIFO), so within a
 * branch the writers go in arrival order.
 */
public final class RepoSlots {
  /** A git write done while holding a slot. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    /** Does the write. */
    T run() throws E;
  }

  private static final class Lane {
    final ReentrantLock lock = new ReentrantLock(true);
    int users;
  }

  private final int maxParallel;
  private final Semaphore slots;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  /**
   * @param maxParallel writes to different repository branches allowed at once; at least 1
   */
  public RepoSlots(int maxParallel) {
    if (maxParallel < 1) {
      throw new IllegalArgumentException(
          "shipproof.git.max-parallel-repos must be at least 1, got " + maxParallel);
    }
    this.maxParallel = maxParallel;
    this.slots = new Semaphore(maxParallel, true);
  }

  /** The bound given at construction. */
  public int maxParallel() {
    return maxParallel;
  }

  /**
   * Runs {@code work} once this branch's earlier writers are done and a shared slot is free.
   *
   * @param lane the repository and branch written, e.g. {@code url + "\n" + branch}
   * @throws InterruptedException when interrupted while waiting; {@code work} did not run
   */
  public <T, E extends Exception> T run(String lane, Work<T, E> work)
      throws E, InterruptedException {
    Lane l = join(lane);
    try {
      l.lock.lockInterruptibly();
      try {
        slots.acquire();
        try {
          return work.run();
        } finally {
          slots.release();
        }
      } finally {
        l.lock.unlock();
      }
    } finally {
      leave(lane);
    }
  }

  /** Writes running now, across all lanes. */
  public int busy() {
    return maxParallel - slots.availablePermits();
  }

  /** Lanes with a writer running or waiting (finished lanes are forgotten). */
  public int lanes() {
    return lanes.size();
  }

  private Lane join(String lane) {
    return lanes.compute(
        lane,
        (k, l) -> {
          Lane joined = l == null ? new Lane() : l;
          joined.users++;
          return joined;
        });
  }

  private void leave(String lane) {
    lanes.computeIfPresent(lane, (k, l) -> --l.users == 0 ? null : l);
  }
}
