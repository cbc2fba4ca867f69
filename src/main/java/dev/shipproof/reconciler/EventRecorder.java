package dev.shipproof.reconciler;

import dev.shipproof.api.v1alpha1.Promotion;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes a core/v1 Event for each outcome of a Promotion, so `kubectl describe` tells the story.
 */
public final class EventRecorder {
  private static final Logger LOG = Logger.getLogger(EventRecorder.class);
  private static final String COMPONENT = "shipproof-operator";

  private final Clock clock;

  public EventRecorder(Clock clock) {
    this.clock = clock;
  }

  /** Records a Normal event. */
  public void normal(KubernetesClient client, Promotion promotion, String reason, String message) {
    record(client, promotion, "Normal", reason, message);
  }

  /** Records a Warning event. */
  public void warning(KubernetesClient client, Promotion promotion, String reason, String message) {
    record(client, promotion, "Warning", reason, message);
  }

  private void record(
      KubernetesClient client, Promotion promotion, String type, String reason, String message) {
    String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock));
    var meta = promotion.getMetadata();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(meta.getNamespace())
            .withName(
                meta.getName()
                    + "."
                    + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT))
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(promotion.getApiVersion())
                    .withKind(promotion.getKind())
                    .withNamespace(meta.getNamespace())
                    .withName(meta.getName())
                    .withUid(meta.getUid())
                    .withResourceVersion(meta.getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(StatusBuilder.cap(message))
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy; losing one must not fail or repeat a promotion.
      LOG.errorf("could not record event %s: %s", reason, e.getMessage());
    }
  }
}
