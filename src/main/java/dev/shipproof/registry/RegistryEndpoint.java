package dev.shipproof.registry;

import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import land.oras.ContainerRef;
import land.oras.auth.AuthProvider;
import land.oras.auth.HttpClient;
import land.oras.auth.NoAuthProvider;
import land.oras.auth.Scope;
import land.oras.auth.Scopes;
import land.oras.auth.UsernamePasswordProvider;
import land.oras.exception.OrasException;

/**
 * The writes of a registry copy (and the streamed blob reads feeding them), through oras-java's
 * HTTP client for its token and basic-auth flows, with raw bytes in both directions: oras' {@code
 * Registry} re-serialises manifests and indexes it pushes, which changes their digest.
 */
final class RegistryEndpoint {
  /** Runs each request so that a stalled one can be abandoned at its deadline. */
  private static final ExecutorService IO =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "shipproof-registry-copy");
            thread.setDaemon(true);
            return thread;
          });

  /** A blob transfer may take the request timeout plus one second per MiB. */
  private static final long BYTES_PER_SECOND = 1L << 20;

  private final RegistryAccess access;
  private final OrasContentStore reads;
  private final HttpClient client;

  RegistryEndpoint(RegistryAccess access) {
    this.access = access;
    this.reads = new OrasContentStore(host -> access);
    this.client =
        HttpClient.Builder.builder()
            .withTimeout(
                (int) Math.min(Integer.MAX_VALUE, Math.max(1, access.connectTimeout().toSeconds())))
            .build();
  }

  /** Bounded, hash-free reads of the same registry with the same access. */
  OrasContentStore reads() {
    return reads;
  }

  /**
   * The digest the registry serves for {@code reference}, from a HEAD; empty when it has none. A
   * registry that answers 200 without a digest header gives the empty string.
   */
  Optional<String> headManifest(ImageRef repo, String reference) throws RegistryException {
    Answer a =
        call(
            repo,
            "manifests/" + reference,
            access.requestTimeout(),
            (uri, scopes, auth) ->
                client.head(uri, Map.of("Accept", OrasAccept.MANIFESTS), scopes, auth));
    if (a.status() == 404) {
      return Optional.empty();
    }
    requireSuccess(repo, a, "manifest " + reference);
    String digest = a.header("docker-content-digest");
    return Optional.of(digest == null ? "" : digest);
  }

  /** Whether the repository holds the blob. */
  boolean hasBlob(ImageRef repo, String digest) throws RegistryException {
    Answer a =
        call(
            repo,
            "blobs/" + digest,
            access.requestTimeout(),
            (uri, scopes, auth) -> client.head(uri, Map.of(), scopes, auth));
    if (a.status() == 404) {
      return false;
    }
    requireSuccess(repo, a, "blob " + ImageRef.shortDigest(digest));
    return true;
  }

  /**
   * Asks the registry to link a blob it already holds in {@code fromRepository}; true when it did
   * (201). A registry that cannot mount starts an upload instead, which is simply left to expire.
   */
  boolean mount(ImageRef repo, String digest, String fromRepository) throws RegistryException {
    Answer a =
        call(
            repo,
            "blobs/uploads/?mount=" + digest + "&from=" + fromRepository,
            access.requestTimeout(),
            (uri, scopes, auth) -> client.post(uri, new byte[0], Map.of(), scopes, auth));
    if (a.status() == 201) {
      return true;
    }
    if (a.status() == 202 || a.status() == 404) {
      return false;
    }
    requireSuccess(repo, a, "mount of blob " + ImageRef.shortDigest(digest));
    return false;
  }

  /** Uploads a blob in one PUT (POST for a session, then PUT with the digest). */
  void uploadBlob(ImageRef repo, String digest, long size, Supplier<InputStream> body)
      throws RegistryException {
    String what = "blob " + ImageRef.shortDigest(digest);
    Answer started =
        call(
            repo,
            "blobs/uploads/",
            access.requestTimeout(),
            (uri, scopes, auth) -> client.post(uri, new byte[0], Map.of(), scopes, auth));
    if (started.status() != 202) {
      requireSuccess(repo, started, "starting the upload of " + what);
      throw refused(repo, started, "starting the upload of " + what);
    }
    String location = started.header("location");
    if (location == null) {
      throw new RegistryException(
          Kind.REFUSED, describe(repo) + " started an upload of " + what + " without a Location");
    }
    URI session = base(repo).resolve(location);
    String separator = session.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(session + separator + "digest=" + digest);
    Duration deadline = access.requestTimeout().plusSeconds(size / BYTES_PER_SECOND);
    Answer done =
        callUri(
            repo,
            put,
            deadline,
            (uri, scopes, auth) ->
                client.upload(
                    uri,
                    size,
                    Map.of("Content-Type", "application/octet-stream"),
                    body,
                    scopes,
                    auth));
    if (done.status() != 201) {
      if (done.status() == 400 && done.body().contains("DIGEST_INVALID")) {
        throw new RegistryException(
            Kind.DIGEST_MISMATCH,
            describe(repo) + " says the uploaded bytes of " + what + " do not hash to its digest");
      }
      requireSuccess(repo, done, "upload of " + what);
      throw refused(repo, done, "upload of " + what);
    }
  }

  /**
   * PUTs a manifest's exact bytes under {@code reference} (its digest, or a tag).
   *
   * @return the digest the registry says it stored ({@code Docker-Content-Digest}), or {@code null}
   */
  String putManifest(ImageRef repo, String reference, String mediaType, byte[] bytes)
      throws RegistryException {
    String what =
        "manifest " + (reference.contains(":") ? ImageRef.shortDigest(reference) : reference);
    Answer a =
        call(
            repo,
            "manifests/" + reference,
            access.requestTimeout(),
            (uri, scopes, auth) ->
                client.put(uri, bytes, Map.of("Content-Type", mediaType), scopes, auth));
    if (a.status() != 201 && a.status() != 200) {
      if (a.status() == 400 && a.body().contains("DIGEST_INVALID")) {
        throw new RegistryException(
            Kind.DIGEST_MISMATCH,
            describe(repo)
                + " refused "
                + what
                + ": it computes another digest for the bytes sent");
      }
      requireSuccess(repo, a, "push of " + what);
      throw refused(repo, a, "push of " + what);
    }
    return a.header("docker-content-digest");
  }

  /** A blob as a stream, for copying; the caller closes it and hashes what it reads. */
  InputStream openBlob(ImageRef repo, String digest) throws RegistryException {
    URI uri = base(repo).resolve("/v2/" + repo.apiRepository() + "/blobs/" + digest);
    ContainerRef scope = ContainerRef.parse(host(repo) + "/" + repo.apiRepository());
    HttpClient.ResponseWrapper<InputStream> response;
    try {
      response = client.download(uri, Map.of("Accept", "*/*"), Scopes.of(scope), auth());
    } catch (OrasException e) {
      throw reads.fromOras(repo, access, e);
    }
    if (response.statusCode() != 200) {
      closeQuietly(response.response());
      int status = response.statusCode();
      if (status == 404) {
        throw new RegistryException(
            Kind.NOT_FOUND,
            "blob " + ImageRef.shortDigest(digest) + " is missing from " + describe(repo));
      }
      requireSuccess(
          repo, new Answer(status, Map.of(), ""), "blob " + ImageRef.shortDigest(digest));
    }
    return response.response();
  }

  String describe(ImageRef repo) {
    return "registry " + host(repo) + "/" + repo.apiRepository();
  }

  @FunctionalInterface
  private interface Exchange {
    HttpClient.ResponseWrapper<String> run(URI uri, Scopes scopes, AuthProvider auth);
  }

  private record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private Answer call(ImageRef repo, String path, Duration deadline, Exchange exchange)
      throws RegistryException {
    URI uri = base(repo).resolve("/v2/" + repo.apiRepository() + "/" + path);
    return callUri(repo, uri, deadline, exchange);
  }

  private Answer callUri(ImageRef repo, URI uri, Duration deadline, Exchange exchange)
      throws RegistryException {
    ContainerRef ref = ContainerRef.parse(host(repo) + "/" + repo.apiRepository());
    Scopes scopes = Scopes.of(ref, Scope.PULL, Scope.PUSH);
    Callable<Answer> task =
        () -> {
          try {
            var r = exchange.run(uri, scopes, auth());
            return new Answer(
                r.statusCode(), lowerCase(r.headers()), r.response() == null ? "" : r.response());
          } catch (OrasException e) {
            throw reads.fromOras(repo, access, e);
          }
        };
    Future<Answer> future = IO.submit(task);
    try {
      return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new RegistryException(
          Kind.UNAVAILABLE,
          "registry " + host(repo) + " timed out after " + OrasContentStore.duration(deadline));
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new RegistryException(Kind.UNAVAILABLE, "interrupted while writing to " + host(repo));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RegistryException failure) {
        throw failure;
      }
      throw OrasContentStore.unavailable(repo, access, e.getCause());
    }
  }

  private void requireSuccess(ImageRef repo, Answer a, String what) throws RegistryException {
    int status = a.status();
    if (status >= 200 && status < 300) {
      return;
    }
    if (status == 401 || status == 403) {
      throw new RegistryException(
          Kind.UNAUTHORIZED,
          describe(repo)
              + " refused "
              + what
              + " (HTTP "
              + status
              + (access.hasCredentials()
                  ? "); check the destination registry credentials"
                  : "); no credentials configured"));
    }
    if (status == 429 || status >= 500) {
      throw new RegistryException(
          Kind.UNAVAILABLE, describe(repo) + " answered HTTP " + status + " for " + what);
    }
  }

  private RegistryException refused(ImageRef repo, Answer a, String what) {
    return new RegistryException(
        Kind.REFUSED,
        describe(repo) + " refused the " + what + " (HTTP " + a.status() + errorCode(a) + ")");
  }

  /** The registry's error code ({@code MANIFEST_INVALID}, ...), never the whole body. */
  private static String errorCode(Answer a) {
    var m =
        java.util.regex.Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]{1,40})\"").matcher(a.body());
    return m.find() ? ", " + m.group(1) : "";
  }

  private AuthProvider auth() {
    return access.hasCredentials()
        ? new UsernamePasswordProvider(access.username(), access.password())
        : new NoAuthProvider();
  }

  private URI base(ImageRef repo) {
    return URI.create((access.insecure() ? "http" : "https") + "://" + host(repo) + "/");
  }

  private static String host(ImageRef image) {
    String host = image.registryHost();
    return host.equals(ImageRef.DEFAULT_REGISTRY) ? "registry-1.docker.io" : host;
  }

  private static Map<String, String> lowerCase(Map<String, String> headers) {
    Map<String, String> out = new HashMap<>();
    headers.forEach((name, value) -> out.put(name.toLowerCase(Locale.ROOT), value));
    return out;
  }

  private static void closeQuietly(InputStream in) {
    try {
      if (in != null) {
        in.close();
      }
    } catch (IOException e) {
      // Nothing was read from it; the connection is dropped either way.
    }
  }

  /** The Accept header for manifest requests. */
  static final class OrasAccept {
    static final String MANIFESTS =
        String.join(
            ", ",
            OciJson.OCI_MANIFEST,
            OciJson.OCI_INDEX,
            OciJson.DOCKER_MANIFEST,
            OciJson.DOCKER_INDEX);

    private OrasAccept() {}
  }
}
