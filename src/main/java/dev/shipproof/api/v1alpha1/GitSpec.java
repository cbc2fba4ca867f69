package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** The environment's git repository and the branch Argo CD or Flux deploys from. */
public class GitSpec {
  /** Repository URL: https, ssh or file. */
  @Required private String url;

  @Default("main")
  private String branch = "main";

  /**
   * A Secret in the Environment's namespace with credentials for the repository: {@code username}
   * and {@code password}, or {@code token} (with an optional {@code username}) for HTTPS; {@code
   * identity} (an SSH private key), {@code known_hosts} and an optional {@code passphrase} for SSH.
   * Unset: anonymous access.
   */
  private String credentialsSecret;

  /**
   * A Secret in the Environment's namespace whose {@code signingKey} (an SSH private key, or an
   * armored RSA OpenPGP secret key) and optional {@code passphrase} sign every promotion commit.
   * Unset: commits are not signed.
   */
  private String signingSecret;

  /** Author and committer of promotion commits. */
  private GitAuthor author = new GitAuthor();

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getBranch() {
    return branch;
  }

  public void setBranch(String branch) {
    this.branch = branch;
  }

  public String getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(String credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public String getSigningSecret() {
    return signingSecret;
  }

  public void setSigningSecret(String signingSecret) {
    this.signingSecret = signingSecret;
  }

  public GitAuthor getAuthor() {
    return author;
  }

  public void setAuthor(GitAuthor author) {
    this.author = author;
  }
}
