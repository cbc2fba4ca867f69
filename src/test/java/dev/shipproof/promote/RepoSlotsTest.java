package dev.shipproof.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RepoSlotsTest {
  final ExecutorService pool = Executors.newFixedThreadPool(64);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void neverMoreThanTheBoundAtOnceAndOneWriterPerBranch() throws Exception {
    RepoSlots slots = new RepoSlots(3);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Map<String, AtomicInteger> perLane = new ConcurrentHashMap<>();
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String lane = "repo-" + (i % 6);
      done.add(
          pool.submit(
              () ->
                  slots.run(
                      lane,
                      () -> {
                        int now = running.incrementAndGet();
                        most.accumulateAndGet(now, Math::max);
                        int inLane =
                            perLane
                                .computeIfAbsent(lane, k -> new AtomicInteger())
                                .incrementAndGet();
                        assertThat(inLane).as("writers of " + lane).isEqualTo(1);
                        Thread.sleep(2);
                        perLane.get(lane).decrementAndGet();
                        running.decrementAndGet();
                        return null;
                      })));
    }
    for (Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }

    assertThat(most.get()).isEqualTo(3);
    assertThat(slots.busy()).isZero();
    assertThat(slots.lanes()).as("finished lanes are forgotten").isZero();
  }

  @Test
  void writersOfOneBranchGoInArrivalOrder() throws Exception {
    RepoSlots slots = new RepoSlots(2);
    CountDownLatch hold = new CountDownLatch(1);
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    Future<?> first = pool.submit(() -> slots.run("repo", () -> hold.await(10, TimeUnit.SECONDS)));
    waitUntil(() -> slots.busy() == 1);
    List<Future<?>> rest = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int n = i;
      rest.add(pool.submit(() -> slots.run("repo", () -> order.add(n))));
      // Each one queued before the next arrives.
      Thread.sleep(5);
    }
    hold.countDown();
    first.get(10, TimeUnit.SECONDS);
    for (Future<?> f : rest) {
      f.get(10, TimeUnit.SECONDS);
    }

    assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void aBusyRepositoryDoesNotStarveTheOthers() throws Exception {
    RepoSlots slots = new RepoSlots(2);
    List<String> finished = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch hold = new CountDownLatch(1);
    List<Future<?>> all = new ArrayList<>();
    // 30 environments of one monorepo arrive first; the first of them is a slow push.
    all.add(pool.submit(() -> slots.run("monorepo", () -> hold.await(10, TimeUnit.SECONDS))));
    waitUntil(() -> slots.busy() == 1);
    for (int i = 0; i < 29; i++) {
      all.add(pool.submit(() -> slots.run("monorepo", () -> work(finished, "monorepo"))));
    }
    all.add(pool.submit(() -> slots.run("small-a", () -> work(finished, "small-a"))));
    all.add(pool.submit(() -> slots.run("small-b", () -> work(finished, "small-b"))));

    // The monorepo's 29 waiters hold no slot, so both small repositories go through the other one
    // while the monorepo's slow push is still running.
    waitUntil(() -> finished.size() == 2);
    assertThat(finished).containsExactlyInAnyOrder("small-a", "small-b");
    hold.countDown();
    for (Future<?> f : all) {
      f.get(30, TimeUnit.SECONDS);
    }
    assertThat(finished).hasSize(31);
  }

  @Test
  void fairAmongRepositoriesThatAllHaveWork() throws Exception {
    RepoSlots slots = new RepoSlots(1);
    List<String> finished = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> all = new ArrayList<>();
    CountDownLatch hold = new CountDownLatch(1);
    Future<?> blocker =
        pool.submit(() -> slots.run("hold", () -> hold.await(10, TimeUnit.SECONDS)));
    waitUntil(() -> slots.busy() == 1);
    for (int i = 0; i < 8; i++) {
      for (String repo : List.of("a", "b", "c")) {
        all.add(pool.submit(() -> slots.run(repo, () -> work(finished, repo))));
      }
    }
    // Every repository's first writer queues for the slot while it is held.
    waitUntil(() -> slots.lanes() == 4);
    Thread.sleep(50);
    hold.countDown();
    blocker.get(10, TimeUnit.SECONDS);
    for (Future<?> f : all) {
      f.get(30, TimeUnit.SECONDS);
    }

    // With one slot, no repository gets two turns while another waits for its first.
    List<String> firstTurns = finished.subList(0, 3);
    assertThat(firstTurns).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(finished).hasSize(24);
  }

  @Test
  void waitingWriterThatIsInterruptedRunsNothing() throws Exception {
    RepoSlots slots = new RepoSlots(1);
    CountDownLatch hold = new CountDownLatch(1);
    pool.submit(() -> slots.run("repo", () -> hold.await(10, TimeUnit.SECONDS)));
    waitUntil(() -> slots.busy() == 1);
    AtomicInteger ran = new AtomicInteger();
    Thread waiter =
        new Thread(
            () -> {
              try {
                slots.run("other", ran::incrementAndGet);
              } catch (InterruptedException e) {
                ran.addAndGet(100);
              }
            });
    waiter.start();
    Thread.sleep(50);
    waiter.interrupt();
    waiter.join(5_000);
    hold.countDown();

    assertThat(ran.get()).isEqualTo(100);
  }

  @Test
  void refusesABoundBelowOne() {
    assertThatThrownBy(() -> new RepoSlots(0)).hasMessageContaining("max-parallel-repos");
  }

  private static Object work(List<String> finished, String repo) throws InterruptedException {
    Thread.sleep(3);
    finished.add(repo);
    return null;
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition reached in time").isLessThan(deadline);
      Thread.sleep(1);
    }
  }
}
