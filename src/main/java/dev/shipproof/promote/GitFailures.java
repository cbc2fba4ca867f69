package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.gitops.GitException;
import java.util.List;
import java.util.Set;

/**
 * How a {@link GitException} ends a promotion: most are outages, retried with the exception's own
 * reason ({@code GitUnauthorized}, else {@code GitUnavailable}); a host key the Secret does not
 * trust or credentials that can never work are a final "no" ({@code Failed}), since retrying gives
 * the same answer until someone changes the Secret.
 */
final class GitFailures {
  private static final Set<String> FINAL =
      Set.of(Reasons.GIT_HOST_KEY_UNKNOWN, Reasons.GIT_CREDENTIALS_INVALID);

  private GitFailures() {}

  /** The outage to throw for {@code e}, its message prefixed by {@code doing} when given. */
  static PromotionOutage outage(GitException e, String doing) {
    String reason = e.reason() == null ? Reasons.GIT_UNAVAILABLE : e.reason();
    String message = doing == null ? e.getMessage() : doing + e.getMessage();
    return new PromotionOutage(reason, message, e);
  }

  /** True when retrying cannot help: the promotion is refused instead. */
  static boolean isFinal(PromotionOutage outage) {
    return FINAL.contains(outage.reason());
  }

  /** The refusal for a final git failure; a spec problem, since the Secret must change. */
  static Outcome.Refused refusal(PromotionOutage outage, String digest) {
    return Promoter.refused(
        Outcome.Stage.SPEC, outage.reason(), digest, List.of(), outage.getMessage());
  }
}
