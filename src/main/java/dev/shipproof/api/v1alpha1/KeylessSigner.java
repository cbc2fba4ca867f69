package dev.shipproof.api.v1alpha1;


/**
 * A Fulcio certificate identity: the OIDC issuer and the subject (certificate SAN), given exactly
 * or as a regular expression that must match the whole SAN.
 */
public class KeylessSigner {
  /** The OIDC issuer, exactly. Set this or {@link #issuerRegExp}. */
  private String issuer;

  /** A regular expression that must match the whole issuer. */
  private String issuerRegExp;

  /** GitHub Actions workflow claims from the certificate's extensions. */
  private GitHubClaims github;
  private String subject;
  private String subjectRegExp;

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public String getSubject() {
    return subject;
  }

  public void setSubject(String subject) {
    this.subject = subject;
  }

  public String getSubjectRegExp() {
    return subjectRegExp;
  }

  public void setSubjectRegExp(String subjectRegExp) {
    this.subjectRegExp = subjectRegExp;
  }

  public String getIssuerRegExp() {
    return issuerRegExp;
  }

  public void setIssuerRegExp(String issuerRegExp) {
    this.issuerRegExp = issuerRegExp;
  }

  public GitHubClaims getGithub() {
    return github;
  }

  public void setGithub(GitHubClaims github) {
    this.github = github;
  }
}
