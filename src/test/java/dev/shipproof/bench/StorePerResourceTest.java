package dev.shipproof.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorePerResourceTest {
  @Test
  void namesTheResourceOfEveryPathTheOperatorAndItsInformerSend() {
    assertThat(StorePerResource.resource("/api/v1/namespaces/bench/events")).isEqualTo("/events");
    assertThat(StorePerResource.resource("/api/v1/namespaces/bench/secrets/git?x=1"))
        .isEqualTo("/secrets");
    assertThat(StorePerResource.resource("/api/v1/namespaces/bench")).isEqualTo("/namespaces");
    assertThat(StorePerResource.resource("/api/v1/namespaces")).isEqualTo("/namespaces");
    assertThat(
            StorePerResource.resource(
                "/apis/shipproof.dev/v1alpha1/namespaces/bench/promotions/p-1/status"))
        .isEqualTo("shipproof.dev/promotions");
    assertThat(
            StorePerResource.resource(
                "/apis/shipproof.dev/v1alpha1/namespaces/bench/promotions?watch=true&rv=3"))
        .isEqualTo("shipproof.dev/promotions");
    assertThat(StorePerResource.resource("/apis/shipproof.dev/v1alpha1/environments"))
        .isEqualTo("shipproof.dev/environments");
    assertThat(StorePerResource.resource("/version")).isEmpty();
    assertThat(StorePerResource.resource("/apis")).isEmpty();
  }
}
