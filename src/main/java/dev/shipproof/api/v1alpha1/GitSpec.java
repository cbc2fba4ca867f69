package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** The environment's git repository and the branch Argo CD or Flux deploys from. */
public class GitSpec {
  /** Repository URL: https, ssh or file. */
  @Required private String url;

  @Default("main")
  private String branch = "main";

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

  public GitAuthor getAuthor() {
    return author;
  }

  public void setAuthor(GitAuthor author) {
    this.author = author;
  }
}
