package dev.shipproof.gitops;

import static dev.shipproof.gitops.RemoteAnswers.Push.ACCEPTED;
import static dev.shipproof.gitops.RemoteAnswers.Push.BROKEN_CLONE;
import static dev.shipproof.gitops.RemoteAnswers.Push.LOST_RACE;
import static dev.shipproof.gitops.RemoteAnswers.Push.NO_ANSWER;
import static dev.shipproof.gitops.RemoteAnswers.Push.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.jgit.transport.RemoteRefUpdate.Status.AWAITING_REPORT;
import static org.eclipse.jgit.transport.RemoteRefUpdate.Status.NON_EXISTING;
import static org.eclipse.jgit.transport.RemoteRefUpdate.Status.NOT_ATTEMPTED;
import static org.eclipse.jgit.transport.RemoteRefUpdate.Status.OK;
import static org.eclipse.jgit.transport.RemoteRefUpdate.Status.REJECTED_NODELETE;
import static org.eclipse.jgit.transport.RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD;
import static org.eclipse.jgit.transport.RemoteRefUpdate.Status.REJECTED_OTHER_REASON;
import static org.eclipse.jgit.transport.RemoteRefUpdate.Status.REJECTED_REMOTE_CHANGED;
import static org.eclipse.jgit.transport.RemoteRefUpdate.Status.UP_TO_DATE;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.testing.GitHttpServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RemoteAnswersTest {

  static Stream<Arguments> pushAnswers() {
    return Stream.of(
        arguments("ok", OK, null, null, ACCEPTED),
        arguments("up to date", UP_TO_DATE, null, null, ACCEPTED),
        arguments(
            "JGit: tip moved, not a fast-forward", REJECTED_NONFASTFORWARD, null, null, LOST_RACE),
        arguments(
            "JGit: tip is not the expected old value",
            REJECTED_REMOTE_CHANGED,
            null,
            null,
            LOST_RACE),
        arguments(
            "server: non-fast-forward (denyNonFastForwards)",
            REJECTED_OTHER_REASON,
            "non-fast-forward",
            null,
            LOST_RACE),
        arguments(
            "git CLI wording: fetch first", REJECTED_OTHER_REASON, "fetch first", null, LOST_RACE),
        arguments(
            "receive-pack: failed to update ref, cannot lock ref",
            REJECTED_OTHER_REASON,
            "failed to update ref",
            "error: cannot lock ref 'refs/heads/main': is at 617cd43 but expected 895f316\n",
            LOST_RACE),
        arguments(
            "receive-pack: failed to update ref alone",
            REJECTED_OTHER_REASON,
            "failed to update ref",
            null,
            LOST_RACE),
        arguments(
            "ref message: cannot lock ref",
            REJECTED_OTHER_REASON,
            "cannot lock ref 'refs/heads/main': Unable to create"
                + " '/srv/git/deploy.git/refs/heads/main.lock': File exists.",
            null,
            LOST_RACE),
        arguments(
            "older git: failed to lock", REJECTED_OTHER_REASON, "failed to lock", null, LOST_RACE),
        arguments(
            "JGit server: lock error",
            REJECTED_OTHER_REASON,
            "lock error: Lock on refs/heads/main already held",
            null,
            LOST_RACE),
        arguments(
            "incorrect old value provided",
            REJECTED_OTHER_REASON,
            "incorrect old value provided",
            null,
            LOST_RACE),
        arguments("stale info", REJECTED_OTHER_REASON, "stale info", null, LOST_RACE),
        arguments(
            "reference already exists",
            REJECTED_OTHER_REASON,
            "reference already exists",
            null,
            LOST_RACE),
        arguments(
            "race words only in remote messages, no ref message",
            REJECTED_OTHER_REASON,
            null,
            "error: cannot lock ref 'refs/heads/main'",
            LOST_RACE),
        arguments(
            "pre-receive hook declined",
            REJECTED_OTHER_REASON,
            "pre-receive hook declined",
            "deploys are frozen\n",
            REFUSED),
        arguments("update hook declined", REJECTED_OTHER_REASON, "hook declined", null, REFUSED),
        arguments(
            "hosting service branch protection",
            REJECTED_OTHER_REASON,
            "protected branch hook declined",
            "error: GH006: Protected branch update failed for refs/heads/main.",
            REFUSED),
        arguments(
            "a hook that prints race words is still a refusal",
            REJECTED_OTHER_REASON,
            "pre-receive hook declined",
            "cannot lock ref: fetch first, stale info",
            REFUSED),
        arguments(
            "checked-out branch of a non-bare remote",
            REJECTED_OTHER_REASON,
            "branch is currently checked out",
            null,
            REFUSED),
        arguments("hidden ref", REJECTED_OTHER_REASON, "deny updating a hidden ref", null, REFUSED),
        arguments("funny refname", REJECTED_OTHER_REASON, "funny refname", null, REFUSED),
        arguments("unknown reason", REJECTED_OTHER_REASON, "quota exceeded", null, REFUSED),
        arguments("no message at all", REJECTED_OTHER_REASON, null, null, REFUSED),
        arguments("deletion prohibited", REJECTED_NODELETE, null, null, REFUSED),
        arguments("deleting a missing ref", NON_EXISTING, null, null, REFUSED),
        arguments("not attempted", NOT_ATTEMPTED, null, null, NO_ANSWER),
        arguments("no report from the server", AWAITING_REPORT, null, null, NO_ANSWER),
        arguments(
            "server lacks objects the pack should carry",
            REJECTED_OTHER_REASON,
            "missing necessary objects",
            null,
            BROKEN_CLONE),
        arguments("unpacker error", REJECTED_OTHER_REASON, "unpacker error", null, BROKEN_CLONE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pushAnswers")
  void readsEachPushAnswer(
      String name,
      RemoteRefUpdate.Status status,
      String refMessage,
      String remoteMessages,
      RemoteAnswers.Push expected) {
    assertThat(RemoteAnswers.push(status, refMessage, remoteMessages)).isEqualTo(expected);
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        arguments(
            "HTTP 401 with credentials",
            "http://127.0.0.1:8080/deploy.git: not authorized",
            Reasons.GIT_UNAUTHORIZED),
        arguments(
            "HTTP 401 without credentials",
            "https://git.example.com/deploy.git: Authentication is required but no"
                + " CredentialsProvider has been registered",
            Reasons.GIT_UNAUTHORIZED),
        arguments(
            "HTTP 403 on the service",
            "https://git.example.com/deploy.git: git-receive-pack not permitted on"
                + " 'https://git.example.com/deploy.git/'",
            Reasons.GIT_UNAUTHORIZED),
        arguments(
            "push not permitted",
            "https://git.example.com/x.git: push not permitted",
            Reasons.GIT_UNAUTHORIZED),
        arguments(
            "SSH key refused",
            "ssh://git@git.example.com/x.git: No more authentication methods available",
            Reasons.GIT_UNAUTHORIZED),
        arguments(
            "unreachable",
            "https://git.example.com/x.git: connection refused",
            Reasons.GIT_UNAVAILABLE),
        arguments(
            "server error",
            "https://git.example.com/x.git: 502 Bad Gateway",
            Reasons.GIT_UNAVAILABLE),
        arguments("no message", null, Reasons.GIT_UNAVAILABLE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void readsRefusedCredentialsAlongTheCauseChain(String name, String message, String reason) {
    var cause = new org.eclipse.jgit.errors.TransportException(message);
    var wrapped = new TransportException(null, cause);

    assertThat(RemoteAnswers.outageReason(wrapped)).isEqualTo(reason);
  }

  @TempDir Path tmp;

  @Test
  void readsTheAnswersOfARealServer() throws Exception {
    assumeTrue(GitHttpServer.available(), "git http-backend is not installed");
    Path root = tmp.resolve("srv");
    try (TestRemote remote = TestRemote.create(root, Map.of("a.txt", "a\n"));
        GitHttpServer server = GitHttpServer.withUser(root, "u", "p")) {
      GitHttpServer.allowPushes(remote.bare, Map.of("receive.denyDeletes", "true"));
      remote.commit(Map.of("b.txt", "b\n"), "other branch content");
      var auth = new UsernamePasswordCredentialsProvider("u", "p");
      try (Git clone =
          Git.cloneRepository()
              .setURI(server.url("remote.git"))
              .setCredentialsProvider(auth)
              .setDirectory(tmp.resolve("clone").toFile())
              .call()) {
        ObjectId seen = clone.getRepository().resolve("HEAD");
        commit(clone, "mine");
        RefSpec main = new RefSpec("HEAD:refs/heads/main");

        remote.commit(Map.of("c.txt", "c\n"), "someone else");
        assertThat(answer(clone.push().setRefSpecs(main), auth))
            .as("a real non-fast-forward")
            .isEqualTo(LOST_RACE);
        assertThat(status(clone.push().setRefSpecs(main), auth)).isEqualTo(REJECTED_NONFASTFORWARD);

        var lease = new RefLeaseSpec("refs/heads/main", seen.name());
        assertThat(status(clone.push().setRefSpecs(main).setRefLeaseSpecs(lease), auth))
            .as("a real stale expected old value")
            .isEqualTo(REJECTED_REMOTE_CHANGED);

        assertThat(status(clone.push().setRefSpecs(new RefSpec("HEAD:refs/heads/side")), auth))
            .isEqualTo(OK);
        assertThat(answer(clone.push().setRefSpecs(new RefSpec(":refs/heads/side")), auth))
            .as("receive.denyDeletes")
            .isEqualTo(REFUSED);

        GitHttpServer.rejectAllPushes(remote.bare, "frozen");
        clone.fetch().setCredentialsProvider(auth).call();
        clone.reset().setRef("origin/main").setMode(ResetCommand.ResetType.HARD).call();
        commit(clone, "after the freeze");
        assertThat(answer(clone.push().setRefSpecs(main), auth))
            .as("a real hook rejection")
            .isEqualTo(REFUSED);
      }
    }
  }

  private static RevCommit commit(Git git, String message) throws Exception {
    PersonIdent who = new PersonIdent("T", "t@example.com");
    return git.commit()
        .setAllowEmpty(true)
        .setMessage(message)
        .setAuthor(who)
        .setCommitter(who)
        .call();
  }

  private static RemoteRefUpdate.Status status(
      PushCommand push, UsernamePasswordCredentialsProvider auth) throws Exception {
    for (PushResult r : push.setCredentialsProvider(auth).call()) {
      for (RemoteRefUpdate u : r.getRemoteUpdates()) {
        return u.getStatus();
      }
    }
    throw new AssertionError("no ref update reported");
  }

  private static RemoteAnswers.Push answer(
      PushCommand push, UsernamePasswordCredentialsProvider auth) throws Exception {
    for (PushResult r : push.setCredentialsProvider(auth).call()) {
      for (RemoteRefUpdate u : r.getRemoteUpdates()) {
        return RemoteAnswers.push(u.getStatus(), u.getMessage(), r.getMessages());
      }
    }
    throw new AssertionError("no ref update reported");
  }
}
