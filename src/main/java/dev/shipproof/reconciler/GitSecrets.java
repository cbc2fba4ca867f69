package dev.shipproof.reconciler;

import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.gitops.CommitSigner;
import dev.shipproof.gitops.CommitSigning;
import dev.shipproof.gitops.GitAccess;
import dev.shipproof.gitops.GitCredentials;
import dev.shipproof.gitops.SshTransport;
import dev.shipproof.promote.Outcome;
import dev.shipproof.promote.PromotionOutage;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads how an Environment reaches its repository: {@code spec.git.credentialsSecret} and {@code
 * spec.git.signingSecret}, Secrets in the Environment's namespace. A Secret that does not exist yet
 * is waited for ({@code GitCredentialsNotFound}, retried); one that exists but cannot be used is a
 * final refusal ({@code GitCredentialsInvalid}). Messages name the Secret and the key, never a
 * value.
 *
 * <p>Credentials Secret keys:
 *
 * <ul>
 *   <li>HTTPS: {@code username} + {@code password}; or {@code token}, with {@code username}
 *       defaulting to {@code git}.
 *   <li>SSH: {@code identity} (also {@code sshPrivateKey}, Argo CD's name, or {@code
 *       ssh-privatekey}, the {@code kubernetes.io/ssh-auth} name), {@code known_hosts}, and an
 *       optional {@code passphrase}.
 * </ul>
 *
 * <p>Signing Secret keys: {@code signingKey} (an OpenSSH/PEM private key for SSH signing, or an
 * ASCII-armored OpenPGP secret key, told apart by their header) and an optional {@code passphrase}.
 */
final class GitSecrets {
  static final String USERNAME = "username";
  static final String PASSWORD = "password";
  static final String TOKEN = "token";
  static final String IDENTITY = "identity";
  static final List<String> IDENTITY_ALIASES = List.of("sshPrivateKey", "ssh-privatekey");
  static final String KNOWN_HOSTS = "known_hosts";
  static final String PASSPHRASE = "passphrase";
  static final String SIGNING_KEY = "signingKey";

  /** The user name sent with a token when the Secret names none; most hosts ignore it. */
  static final String TOKEN_USER = "git";

  private GitSecrets() {}

  /**
   * What the lookup found: the access (anonymous and unsigned when no Secret is named), or a
   * refusal.
   *
   * @param access the access, or {@code null} when refused
   * @param refused why a Secret cannot be used, or {@code null}
   */
  record Lookup(GitAccess access, Outcome.Refused refused) {}

  /**
   * The git access of {@code env}.
   *
   * @throws PromotionOutage {@code GitCredentialsNotFound} while a named Secret does not exist
   */
  static Lookup forEnvironment(KubernetesClient client, Environment env) throws PromotionOutage {
    var git = env.getSpec().getGit();
    if (git == null) {
      return new Lookup(GitAccess.ANONYMOUS, null);
    }
    String namespace = env.getMetadata().getNamespace();
    try {
      GitCredentials credentials = GitCredentials.NONE;
      if (named(git.getCredentialsSecret())) {
        Map<String, String> data =
            read(client, namespace, git.getCredentialsSecret(), "credentialsSecret");
        credentials =
            credentials(where(namespace, git.getCredentialsSecret(), "credentialsSecret"), data);
        checkUrl(git.getUrl(), credentials, namespace, git.getCredentialsSecret());
      }
      CommitSigning signing = CommitSigning.NONE;
      if (named(git.getSigningSecret())) {
        Map<String, String> data = read(client, namespace, git.getSigningSecret(), "signingSecret");
        signing = signing(where(namespace, git.getSigningSecret(), "signingSecret"), data);
      }
      return new Lookup(new GitAccess(credentials, signing), null);
    } catch (Invalid e) {
      return new Lookup(
          null,
          new Outcome.Refused(
              Outcome.Stage.SPEC,
              Reasons.GIT_CREDENTIALS_INVALID,
              null,
              List.of(),
              e.getMessage()));
    }
  }

  /** The credentials a Secret's data holds; {@code where} names the Secret in messages. */
  static GitCredentials credentials(String where, Map<String, String> data) throws Invalid {
    String identityKey = identityKey(data);
    boolean ssh = identityKey != null || data.containsKey(KNOWN_HOSTS);
    boolean https =
        data.containsKey(USERNAME) || data.containsKey(PASSWORD) || data.containsKey(TOKEN);
    if (ssh && https) {
      throw new Invalid(
          where
              + " holds both SSH keys ("
              + (identityKey == null ? KNOWN_HOSTS : identityKey)
              + ") and HTTPS keys (username, password or token); keep the keys of one kind");
    }
    if (ssh) {
      return sshKey(where, data, identityKey);
    }
    if (data.containsKey(TOKEN)) {
      if (data.containsKey(PASSWORD)) {
        throw new Invalid(where + " holds both token and password; keep one");
      }
      String user = data.containsKey(USERNAME) ? value(where, data, USERNAME).strip() : TOKEN_USER;
      return new GitCredentials.Basic(user, value(where, data, TOKEN).strip());
    }
    if (data.containsKey(USERNAME) || data.containsKey(PASSWORD)) {
      String missing = data.containsKey(USERNAME) ? PASSWORD : USERNAME;
      if (!data.containsKey(missing)) {
        throw new Invalid(
            where
                + " has "
                + (missing.equals(PASSWORD) ? USERNAME : PASSWORD)
                + " but no "
                + missing);
      }
      return new GitCredentials.Basic(
          value(where, data, USERNAME).strip(), trimNewline(value(where, data, PASSWORD)));
    }
    throw new Invalid(
        where
            + " has none of the keys Shipproof reads: username + password or token (HTTPS), or"
            + " identity + known_hosts (SSH)");
  }

  private static GitCredentials.SshKey sshKey(
      String where, Map<String, String> data, String identityKey) throws Invalid {
    if (identityKey == null) {
      throw new Invalid(where + " has known_hosts but no identity (the SSH private key)");
    }
    if (!data.containsKey(KNOWN_HOSTS)) {
      throw new Invalid(
          where
              + " has "
              + identityKey
              + " but no known_hosts: Shipproof never trusts an SSH host key it was not given;"
              + " add the server's key (ssh-keyscan, checked out of band)");
    }
    String passphrase =
        data.containsKey(PASSPHRASE) ? trimNewline(value(where, data, PASSPHRASE)) : null;
    var key =
        new GitCredentials.SshKey(
            value(where, data, identityKey), passphrase, value(where, data, KNOWN_HOSTS));
    Optional<String> problem = SshTransport.problem(key);
    if (problem.isPresent()) {
      throw new Invalid(where + ": " + problem.get().replace("identity", "key " + identityKey));
    }
    return key;
  }

  /** The signing key a Secret's data holds. */
  static CommitSigning signing(String where, Map<String, String> data) throws Invalid {
    if (!data.containsKey(SIGNING_KEY)) {
      throw new Invalid(where + " has no " + SIGNING_KEY + " key");
    }
    String key = value(where, data, SIGNING_KEY);
    String passphrase =
        data.containsKey(PASSPHRASE) ? trimNewline(value(where, data, PASSPHRASE)) : null;
    CommitSigning signing;
    if (key.contains("-----BEGIN PGP PRIVATE KEY BLOCK-----")) {
      signing = new CommitSigning.OpenPgp(key, passphrase);
    } else if (key.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----")
        || key.startsWith("ssh-")
        || key.startsWith("ecdsa-")) {
      throw new Invalid(
          where + " key " + SIGNING_KEY + " holds a public key; give the private key");
    } else if (key.contains("PRIVATE KEY-----")) {
      signing = new CommitSigning.SshKey(key, passphrase);
    } else {
      throw new Invalid(
          where
              + " key "
              + SIGNING_KEY
              + " is neither an OpenSSH/PEM private key nor an armored OpenPGP secret key");
    }
    Optional<String> problem = CommitSigner.problem(signing);
    if (problem.isPresent()) {
      throw new Invalid(where + " key " + SIGNING_KEY + ": " + problem.get());
    }
    return signing;
  }

  /** SSH keys for an https URL, or a password for an ssh URL, can never work. */
  private static void checkUrl(
      String url, GitCredentials credentials, String namespace, String name) throws Invalid {
    if (url == null || credentials instanceof GitCredentials.None) {
      return;
    }
    String lower = url.strip().toLowerCase(Locale.ROOT);
    boolean https = lower.startsWith("https://") || lower.startsWith("http://");
    boolean ssh = lower.startsWith("ssh://") || (!lower.contains("://") && lower.contains(":"));
    String where = "Secret " + namespace + "/" + name;
    if (https && credentials instanceof GitCredentials.SshKey) {
      throw new Invalid(
          where
              + " holds an SSH key but spec.git.url is an http(s) URL; use an ssh:// URL or"
              + " username/password or token");
    }
    if (ssh && credentials instanceof GitCredentials.Basic) {
      throw new Invalid(
          where
              + " holds username/password or token but spec.git.url is an SSH URL; use an"
              + " https:// URL or identity + known_hosts");
    }
  }

  private static Map<String, String> read(
      KubernetesClient client, String namespace, String name, String field) throws PromotionOutage {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new PromotionOutage(
          Reasons.GIT_CREDENTIALS_NOT_FOUND,
          "Secret "
              + namespace
              + "/"
              + name
              + " named by spec.git."
              + field
              + " does not exist (yet); will retry");
    }
    Map<String, String> values = new HashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> values.put(k, decode(v)));
    }
    if (secret.getStringData() != null) {
      // Only seen before the API server folds it into data (tests, dry runs).
      values.putAll(secret.getStringData());
    }
    return values;
  }

  private static String decode(String base64) {
    if (base64 == null) {
      return null;
    }
    try {
      return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // Marks the key as present but unreadable; value() names it.
      return null;
    }
  }

  private static String value(String where, Map<String, String> data, String key) throws Invalid {
    String v = data.get(key);
    if (v == null) {
      throw new Invalid(where + " key " + key + " is not valid base64");
    }
    if (v.isBlank()) {
      throw new Invalid(where + " key " + key + " is empty");
    }
    return v;
  }

  private static String identityKey(Map<String, String> data) {
    if (data.containsKey(IDENTITY)) {
      return IDENTITY;
    }
    return IDENTITY_ALIASES.stream().filter(data::containsKey).findFirst().orElse(null);
  }

  private static boolean named(String name) {
    return name != null && !name.isBlank();
  }

  private static String where(String namespace, String name, String field) {
    return "Secret " + namespace + "/" + name + " (spec.git." + field + ")";
  }

  private static String trimNewline(String s) {
    return s.replaceFirst("\\R+\\z", "");
  }

  /** A Secret that cannot be used; the message names it and the key, never a value. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }
}
