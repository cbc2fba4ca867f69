package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvironmentQueueTest {
  static final String T0 = "2026-12-04T12:00:00Z";
  static final String T1 = "2026-12-04T12:00:01Z";

  /** What an older promotion of the same environment in each state does to a newer one. */
  static Stream<Arguments> olderPromotionStates() {
    return Stream.of(
        Arguments.of("no status yet", null, false, true),
        Arguments.of("Pending (queued or soaking)", Phase.Pending, false, true),
        Arguments.of("Verifying", Phase.Verifying, false, true),
        Arguments.of("Committing", Phase.Committing, false, true),
        Arguments.of("Errored by an outage", Phase.Errored, false, true),
        Arguments.of("Succeeded, also while waiting for sync", Phase.Succeeded, false, false),
        Arguments.of("Failed", Phase.Failed, false, false),
        Arguments.of("being deleted while unfinished", Phase.Errored, true, false));
  }

  @ParameterizedTest(name = "older one {0}: newer waits = {3}")
  @MethodSource("olderPromotionStates")
  void olderUnfinishedPromotionHoldsTheNewerOne(
      String name, Phase phase, boolean deleting, boolean waits) {
    Promotion older = promotion("a-older", "prod", T0, phase);
    if (deleting) {
      older.getMetadata().setDeletionTimestamp(T1);
    }
    Promotion newer = promotion("b-newer", "prod", T1, null);

    var place = EnvironmentQueue.waitingPlace(newer, List.of(older, newer));

    assertThat(place.isPresent()).isEqualTo(waits);
    place.ifPresent(p -> assertThat(p.first()).isSameAs(older));
  }

  @Test
  void olderPromotionNeverWaitsForANewerOne() {
    Promotion older = promotion("z-older", "prod", T0, null);
    Promotion newer = promotion("a-newer", "prod", T1, Phase.Errored);

    assertThat(EnvironmentQueue.waitingPlace(older, List.of(older, newer))).isEmpty();
    assertThat(EnvironmentQueue.waitingPlace(newer, List.of(older, newer))).isPresent();
  }

  @Test
  void sameSecondIsOrderedByName() {
    Promotion a = promotion("rel-1", "prod", T0, null);
    Promotion b = promotion("rel-2", "prod", T0, null);

    assertThat(EnvironmentQueue.waitingPlace(a, List.of(b, a))).isEmpty();
    assertThat(EnvironmentQueue.waitingPlace(b, List.of(b, a)).orElseThrow().first()).isSameAs(a);
  }

  @Test
  void otherEnvironmentsAndNamespacesNeverHold() {
    Promotion mine = promotion("b", "prod", T1, null);
    Promotion otherEnv = promotion("a", "staging", T0, Phase.Errored);
    Promotion otherNs = promotion("a2", "prod", T0, Phase.Errored);
    otherNs.getMetadata().setNamespace("elsewhere");

    assertThat(EnvironmentQueue.waitingPlace(mine, List.of(otherEnv, otherNs, mine))).isEmpty();
  }

  @Test
  void namesTheOldestUnfinishedAndCountsAllAhead() {
    Promotion first = promotion("p1", "prod", T0, Phase.Committing);
    Promotion second = promotion("p2", "prod", T0, Phase.Pending);
    Promotion done = promotion("p0", "prod", T0, Phase.Succeeded);
    Promotion me = promotion("p3", "prod", T1, null);

    var place = EnvironmentQueue.waitingPlace(me, List.of(second, me, done, first)).orElseThrow();

    assertThat(place.first()).isSameAs(first);
    assertThat(place.ahead()).isEqualTo(2);
    assertThat(place.message()).contains("p1").contains("2 older promotions");
  }

  @Test
  void exactlyOnePromotionOfAnEnvironmentMayRunWhateverOrderTheyAreLookedAt() {
    Random random = new Random(6);
    List<Promotion> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String env = "env-" + (i % 4);
      all.add(promotion(String.format("p-%02d", i), env, i < 20 ? T0 : T1, null));
    }
    // Run the table to its end: each round, whoever may run finishes; order must be creation order.
    List<String> finished = new ArrayList<>();
    while (finished.size() < all.size()) {
      List<Promotion> shuffled = new ArrayList<>(all);
      Collections.shuffle(shuffled, random);
      List<Promotion> runnable =
          shuffled.stream()
              .filter(EnvironmentQueue::holds)
              .filter(p -> EnvironmentQueue.waitingPlace(p, all).isEmpty())
              .toList();
      assertThat(runnable.stream().map(p -> p.getSpec().getEnvironment()).distinct())
          .as("one runnable per environment")
          .hasSameSizeAs(runnable);
      for (Promotion p : runnable) {
        p.setStatus(status(Phase.Succeeded));
        finished.add(p.getMetadata().getName());
      }
    }
    for (int env = 0; env < 4; env++) {
      String prefix = "env-" + env;
      List<String> order =
          all.stream()
              .filter(p -> p.getSpec().getEnvironment().equals(prefix))
              .map(p -> p.getMetadata().getName())
              .toList();
      assertThat(finished.stream().filter(order::contains).toList()).isEqualTo(order);
    }
  }

  static Promotion promotion(String name, String env, String created, Phase phase) {
    Promotion p = new Promotion();
    p.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("team")
            .withUid("uid-" + name)
            .withCreationTimestamp(created)
            .build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(env);
    p.setSpec(spec);
    if (phase != null) {
      p.setStatus(status(phase));
    }
    return p;
  }

  private static PromotionStatus status(Phase phase) {
    PromotionStatus s = new PromotionStatus();
    s.setPhase(phase);
    return s;
  }
}
