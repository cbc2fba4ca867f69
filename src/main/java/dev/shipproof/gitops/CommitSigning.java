package dev.shipproof.gitops;

import java.util.Objects;

/** How promotion commits are signed. {@code toString} never shows the key. */
public sealed interface CommitSigning {

  /** Commits are not signed. */
  CommitSigning NONE = new None();

  /** No signing. */
  record None() implements CommitSigning {
    @Override
    public String toString() {
      return "unsigned";
    }
  }

  /**
   * SSH signing ({@code gpg.format=ssh}), verified by git with an allowed-signers file.
   *
   * @param privateKey the key in OpenSSH form
   * @param passphrase its passphrase, or {@code null}
   */
  record SshKey(String privateKey, String passphrase) implements CommitSigning {
    /** Checks the parts. */
    public SshKey {
      Objects.requireNonNull(privateKey, "privateKey");
    }

    @Override
    public String toString() {
      return "ssh-signed";
    }
  }

  /**
   * OpenPGP signing with an RSA secret key (JGit's Ed25519 OpenPGP signatures do not verify in git,
   * so other key types are refused).
   *
   * @param armoredSecretKey the ASCII-armored secret key
   * @param passphrase its passphrase, or {@code null}
   */
  record OpenPgp(String armoredSecretKey, String passphrase) implements CommitSigning {
    /** Checks the parts. */
    public OpenPgp {
      Objects.requireNonNull(armoredSecretKey, "armoredSecretKey");
    }

    @Override
    public String toString() {
      return "openpgp-signed";
    }
  }
}
