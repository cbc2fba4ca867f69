package dev.shipproof.gitops;

import java.net.URISyntaxException;
import java.util.List;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;

/**
 * Fetches one ref from {@code origin} with a {@link Transport} of its own rather than JGit's {@code
 * FetchCommand}: into a repository with a work tree, that command walks the whole tree of every
 * fetched commit looking for submodules, whatever the recursion setting (thousands of tree reads
 * per fetch in a large repository), and a promotion never touches a submodule. No tags are
 * followed. Failures are thrown as the command would throw them, so callers tell an unreachable
 * remote from a missing branch the same way.
 */
final class BranchFetch {
  private BranchFetch() {}

  static FetchResult fetch(Repository repo, RefSpec spec, TransportConfigCallback settings)
      throws GitAPIException {
    try (Transport transport = Transport.open(repo, "origin")) {
      transport.setTagOpt(TagOpt.NO_TAGS);
      transport.setRemoveDeletedRefs(false);
      settings.configure(transport);
      return transport.fetch(NullProgressMonitor.INSTANCE, List.of(spec));
    } catch (NoRemoteRepositoryException e) {
      throw new InvalidRemoteException(e.getMessage(), e);
    } catch (org.eclipse.jgit.errors.TransportException e) {
      throw new org.eclipse.jgit.api.errors.TransportException(e.getMessage(), e);
    } catch (URISyntaxException e) {
      throw new InvalidRemoteException("origin is not a valid remote URL", e);
    } catch (NotSupportedException e) {
      throw new JGitInternalException(e.getMessage(), e);
    }
  }
}
