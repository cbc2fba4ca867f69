package dev.shipproof.api.v1alpha1;

/** Name and email written into promotion commits. */
public class GitAuthor {
  private String name = "Shipproof";
  private String email = "shipproof@localhost";

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }
}
