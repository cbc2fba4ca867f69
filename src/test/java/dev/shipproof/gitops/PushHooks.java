package dev.shipproof.gitops;

/** Opens the package-private push seam of {@link JgitWorkspace} to tests in other packages. */
public final class PushHooks {
  private PushHooks() {}

  /** Something run after the commit and before each push attempt. */
  @FunctionalInterface
  public interface Hook {
    void run(int attempt) throws Exception;
  }

  public static void beforePush(JgitWorkspace workspace, Hook hook) {
    workspace.beforePush(hook::run);
  }
}
