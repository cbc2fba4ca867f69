package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Required;

/**
 * A Fulcio certificate identity: the OIDC issuer and the subject (certificate SAN), given exactly
 * or as a regular expression that must match the whole SAN.
 */
public class KeylessSigner {
  @Required private String issuer;
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
}
