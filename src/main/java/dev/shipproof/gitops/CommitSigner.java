package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;
import org.eclipse.jgit.api.CommitCommand;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * Signs promotion and rollback commits with a key held in memory: an SSH signature ({@code
 * gpg.format=ssh}, the SSHSIG format git verifies with an allowed-signers file) or an OpenPGP
 * signature by an RSA key. The key is never written to disk nor to the clone's git config, and no
 * agent or {@code gpg} program is used. OpenPGP keys of other types are refused: Ed25519 OpenPGP
 * signatures made through JGit do not verify in git.
 */
public final class CommitSigner {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  /** Unlocked keys kept, least recently used dropped first. */
  private static final int MAX_KEYS = 256;

  /**
   * Keys unlocked once per Secret value: OpenSSH's bcrypt key derivation takes seconds by design,
   * and every commit and every reconcile would pay it again.
   */
  private static final Map<CommitSigning, Object> UNLOCKED =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<CommitSigning, Object> eldest) {
              return size() > MAX_KEYS;
            }
          });

  private CommitSigner() {}

  /**
   * Makes {@code commit} signed as {@code signing} says (or explicitly unsigned).
   *
   * @throws GitException with reason {@code GitCredentialsInvalid} when the key cannot be used
   */
  public static CommitCommand apply(CommitCommand commit, CommitSigning signing)
      throws GitException {
    if (signing instanceof CommitSigning.SshKey ssh) {
      return sign(commit, new SshSigner(sshKey(ssh)), GpgConfig.GpgFormat.SSH);
    }
    if (signing instanceof CommitSigning.OpenPgp pgp) {
      return sign(commit, new OpenPgpSigner(openPgpKey(pgp)), GpgConfig.GpgFormat.OPENPGP);
    }
    return commit.setSign(false);
  }

  /** Why {@code signing} cannot be used, never quoting the key; empty when it can. */
  public static Optional<String> problem(CommitSigning signing) {
    try {
      if (signing instanceof CommitSigning.SshKey ssh) {
        sshKey(ssh);
      } else if (signing instanceof CommitSigning.OpenPgp pgp) {
        openPgpKey(pgp);
      }
      return Optional.empty();
    } catch (GitException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static CommitCommand sign(CommitCommand commit, Signer signer, GpgConfig.GpgFormat f) {
    // A config of our own: the clone's config (and the user's) never decides how we sign.
    Config config = new Config();
    config.setString("gpg", null, "format", f.toConfigValue());
    return commit
        .setSign(true)
        .setSigner(signer)
        .setGpgConfig(new GpgConfig(config))
        .setSigningKey("in-memory");
  }

  private static KeyPair sshKey(CommitSigning.SshKey ssh) throws GitException {
    if (UNLOCKED.get(ssh) instanceof KeyPair cached) {
      return cached;
    }
    List<KeyPair> keys;
    try {
      keys = SshTransport.keyPairs(ssh.privateKey(), ssh.passphrase(), "signingKey");
    } catch (IllegalArgumentException e) {
      throw invalid("the SSH signing key cannot be used: " + e.getMessage());
    }
    KeyPair key = keys.get(0);
    if (algorithm(key) == null) {
      throw invalid(
          "the SSH signing key is of type "
              + KeyUtils.getKeyType(key)
              + "; use an ed25519, RSA or ECDSA key");
    }
    UNLOCKED.put(ssh, key);
    return key;
  }

  private static PGPPrivateKey openPgpKey(CommitSigning.OpenPgp pgp) throws GitException {
    if (UNLOCKED.get(pgp) instanceof PGPPrivateKey cached) {
      return cached;
    }
    PGPSecretKey key = signingKey(pgp.armoredSecretKey());
    int algorithm = key.getPublicKey().getAlgorithm();
    if (algorithm != PublicKeyAlgorithmTags.RSA_GENERAL
        && algorithm != PublicKeyAlgorithmTags.RSA_SIGN) {
      throw invalid(
          "the OpenPGP signing key is not an RSA key (algorithm "
              + algorithm
              + "); only RSA keys are supported, since JGit's Ed25519 OpenPGP signatures do not"
              + " verify in git; use an RSA key or SSH signing");
    }
    char[] passphrase = pgp.passphrase() == null ? new char[0] : pgp.passphrase().toCharArray();
    try {
      PGPPrivateKey unlocked =
          key.extractPrivateKey(
              new JcePBESecretKeyDecryptorBuilder().setProvider(BC).build(passphrase));
      UNLOCKED.put(pgp, unlocked);
      return unlocked;
    } catch (PGPException | RuntimeException e) {
      throw invalid(
          pgp.passphrase() == null
              ? "the OpenPGP signing key is protected and no passphrase was given"
              : "the OpenPGP signing key cannot be unlocked with the given passphrase");
    }
  }

  /** The first secret key able to sign, the primary key first. */
  private static PGPSecretKey signingKey(String armored) throws GitException {
    try (InputStream in =
        PGPUtil.getDecoderStream(
            new ByteArrayInputStream(armored.getBytes(StandardCharsets.UTF_8)))) {
      var rings = new PGPSecretKeyRingCollection(in, new JcaKeyFingerprintCalculator());
      for (Iterator<PGPSecretKeyRing> r = rings.getKeyRings(); r.hasNext(); ) {
        for (Iterator<PGPSecretKey> k = r.next().getSecretKeys(); k.hasNext(); ) {
          PGPSecretKey key = k.next();
          if (key.isSigningKey() && !key.isPrivateKeyEmpty()) {
            return key;
          }
        }
      }
    } catch (IOException | PGPException | RuntimeException e) {
      throw invalid("the OpenPGP signing key is not an ASCII-armored secret key");
    }
    throw invalid("the OpenPGP signing key holds no secret key that can sign");
  }

  private static GitException invalid(String message) {
    return new GitException(message, null, Reasons.GIT_CREDENTIALS_INVALID);
  }

  /** The SSH signature algorithm for a key; RSA signs with SHA-512 (git refuses SHA-1). */
  private static BuiltinSignatures algorithm(KeyPair key) {
    String type = KeyUtils.getKeyType(key);
    if (type == null) {
      return null;
    }
    return switch (type) {
      case "ssh-ed25519" -> BuiltinSignatures.ed25519;
      case "ssh-rsa" -> BuiltinSignatures.rsaSHA512;
      case "ecdsa-sha2-nistp256" -> BuiltinSignatures.nistp256;
      case "ecdsa-sha2-nistp384" -> BuiltinSignatures.nistp384;
      case "ecdsa-sha2-nistp521" -> BuiltinSignatures.nistp521;
      default -> null;
    };
  }

  /** Writes the SSHSIG format (OpenSSH PROTOCOL.sshsig) with namespace {@code git}. */
  private record SshSigner(KeyPair key) implements Signer {
    private static final String MAGIC = "SSHSIG";
    private static final String NAMESPACE = "git";
    private static final String HASH = "sha512";

    @Override
    public GpgSignature sign(
        Repository repository,
        GpgConfig config,
        byte[] data,
        PersonIdent committer,
        String signingKey,
        CredentialsProvider credentials)
        throws IOException {
      try {
        BuiltinSignatures algorithm = algorithm(key);
        ByteArrayBuffer toSign = new ByteArrayBuffer();
        toSign.putRawBytes(MAGIC.getBytes(StandardCharsets.US_ASCII));
        toSign.putString(NAMESPACE);
        toSign.putString("");
        toSign.putString(HASH);
        toSign.putBytes(MessageDigest.getInstance("SHA-512").digest(data));
        Signature signature = algorithm.create();
        signature.initSigner(null, key.getPrivate());
        signature.update(null, toSign.getCompactData());
        byte[] raw = signature.sign(null);

        ByteArrayBuffer blob = new ByteArrayBuffer();
        blob.putRawBytes(MAGIC.getBytes(StandardCharsets.US_ASCII));
        blob.putUInt(1);
        blob.putPublicKey(key.getPublic());
        blob.putString(NAMESPACE);
        blob.putString("");
        blob.putString(HASH);
        ByteArrayBuffer sig = new ByteArrayBuffer();
        sig.putString(algorithm.getName());
        sig.putBytes(raw);
        blob.putBytes(sig.getCompactData());
        return new GpgSignature(armor(blob.getCompactData()));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-512 is required by the JDK", e);
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException("SSH-signing the commit failed", e);
      }
    }

    private static byte[] armor(byte[] blob) {
      String base64 = Base64.getEncoder().encodeToString(blob);
      StringBuilder out = new StringBuilder("-----BEGIN SSH SIGNATURE-----\n");
      for (int i = 0; i < base64.length(); i += 70) {
        out.append(base64, i, Math.min(base64.length(), i + 70)).append('\n');
      }
      out.append("-----END SSH SIGNATURE-----\n");
      return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean canLocateSigningKey(
        Repository repository,
        GpgConfig config,
        PersonIdent committer,
        String signingKey,
        CredentialsProvider credentials) {
      return true;
    }
  }

  /** A detached, armored OpenPGP signature over the commit, SHA-256, by an RSA key. */
  private record OpenPgpSigner(PGPPrivateKey key) implements Signer {
    @Override
    public GpgSignature sign(
        Repository repository,
        GpgConfig config,
        byte[] data,
        PersonIdent committer,
        String signingKey,
        CredentialsProvider credentials)
        throws IOException {
      try {
        PGPSignatureGenerator generator =
            new PGPSignatureGenerator(
                new JcaPGPContentSignerBuilder(
                        key.getPublicKeyPacket().getAlgorithm(), HashAlgorithmTags.SHA256)
                    .setProvider(BC));
        generator.init(PGPSignature.BINARY_DOCUMENT, key);
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(
            false,
            Date.from(committer == null ? java.time.Instant.now() : committer.getWhenAsInstant()));
        hashed.setIssuerKeyID(false, key.getKeyID());
        generator.setHashedSubpackets(hashed.generate());
        generator.update(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored =
            ArmoredOutputStream.builder().clearHeaders().build(out)) {
          generator.generate().encode(armored);
        }
        return new GpgSignature(out.toByteArray());
      } catch (PGPException e) {
        throw new IOException("OpenPGP-signing the commit failed", e);
      }
    }

    @Override
    public boolean canLocateSigningKey(
        Repository repository,
        GpgConfig config,
        PersonIdent committer,
        String signingKey,
        CredentialsProvider credentials) {
      return true;
    }
  }
}
