package dev.shipproof.api.v1alpha1;

/**
 * GitHub Actions claims read from the Fulcio certificate's extensions; each set field must match
 * exactly.
 */
public class GitHubClaims {
  /** `owner/repo` of the workflow that signed. */
  private String workflowRepository;

  /** Git ref the workflow ran on, e.g. `refs/heads/main`. */
  private String workflowRef;

  /** Event that triggered the workflow, e.g. `push`. */
  private String workflowTrigger;

  /** Commit SHA the workflow ran on. */
  private String workflowSha;

  /** Name of the workflow. */
  private String workflowName;

  public String getWorkflowRepository() {
    return workflowRepository;
  }

  public void setWorkflowRepository(String workflowRepository) {
    this.workflowRepository = workflowRepository;
  }

  public String getWorkflowRef() {
    return workflowRef;
  }

  public void setWorkflowRef(String workflowRef) {
    this.workflowRef = workflowRef;
  }

  public String getWorkflowTrigger() {
    return workflowTrigger;
  }

  public void setWorkflowTrigger(String workflowTrigger) {
    this.workflowTrigger = workflowTrigger;
  }

  public String getWorkflowSha() {
    return workflowSha;
  }

  public void setWorkflowSha(String workflowSha) {
    this.workflowSha = workflowSha;
  }

  public String getWorkflowName() {
    return workflowName;
  }

  public void setWorkflowName(String workflowName) {
    this.workflowName = workflowName;
  }

}
