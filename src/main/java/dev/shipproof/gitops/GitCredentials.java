package dev.shipproof.gitops;

import java.util.Objects;

/**
 * How to authenticate to a git remote. Every variant's {@code toString} names the kind and never
 * the secret parts, so a credential can be logged or put in a message by mistake without leaking.
 */
public sealed interface GitCredentials {

  /** Anonymous access (and {@code file://} repositories). */
  GitCredentials NONE = new None();

  /** No credentials. */
  record None() implements GitCredentials {
    @Override
    public String toString() {
      return "no git credentials";
    }
  }

  /**
   * HTTP basic authentication: a username and password, or a token sent as the password.
   *
   * @param username the user name; for a token, whatever the host expects (often any non-empty
   *     word)
   * @param password the password or token
   */
  record Basic(String username, String password) implements GitCredentials {
    /** Checks the parts. */
    public Basic {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "git credentials (basic, user " + username + ")";
    }
  }

  /**
   * An SSH private key and the host keys to trust; a host not in {@code knownHosts} is refused.
   *
   * @param privateKey the key in OpenSSH or PEM form
   * @param passphrase the key's passphrase, or {@code null}
   * @param knownHosts lines in OpenSSH {@code known_hosts} format
   */
  record SshKey(String privateKey, String passphrase, String knownHosts) implements GitCredentials {
    /** Checks the parts. */
    public SshKey {
      Objects.requireNonNull(privateKey, "privateKey");
      Objects.requireNonNull(knownHosts, "knownHosts");
    }

    @Override
    public String toString() {
      return "git credentials (ssh key)";
    }
  }
}
