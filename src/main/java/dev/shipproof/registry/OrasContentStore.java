package dev.shipproof.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.RegistryException.Kind;
import dev.shipproof.registry.RegistryLimitException.Limit;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import land.oras.exception.OrasException;
import org.jboss.logging.Logger;

/**
 * Registry reads through oras-java's HTTP client for anonymous access (its anonymous token flow,
 * redirects and TLS settings), and through {@link CredentialedHttp} when credentials are
 * configured, since oras-java would send them to a token realm named by a redirect target. It does
 * not go through oras' {@code Registry}: that class hands manifests back as decoded strings (and
 * {@code getBlob} as a string re-encoded to UTF-8), so the bytes hashed would not be the bytes
 * served; and it lets a system {@code registries.conf} switch a host to plain HTTP or a mirror.
 * Here the caller's {@link RegistryAccess} alone decides the scheme, and bodies are read as raw
 * streams, bounded.
 */
final class OrasContentStore implements ContentStore {
  private static final Logger LOG = Logger.getLogger(OrasContentStore.class);

  private static final String MANIFEST_ACCEPT =
      String.join(
          ", ",
          OciJson.OCI_MANIFEST,
          OciJson.OCI_INDEX,
          OciJson.DOCKER_MANIFEST,
          OciJson.DOCKER_INDEX);
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
  static final int MAX_REFERRER_PAGES = 16;

  /** Runs each request so that a stalled body read can be abandoned at the request timeout. */
  private static final ExecutorService IO =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "shipproof-registry-io");
            thread.setDaemon(true);
            return thread;
          });

  private final Function<String, RegistryAccess> accessForHost;
  private final Map<RegistryAccess, CredentialedHttp> credentialed = new ConcurrentHashMap<>();

  OrasContentStore(Function<String, RegistryAccess> accessForHost) {
    this.accessForHost = accessForHost;
  }

  @Override
  public Optional<Content> manifest(ImageRef image, String reference, long maxBytes)
      throws RegistryException {
    Response response =
        get(image, "manifests/" + reference, MANIFEST_ACCEPT, maxBytes, Limit.MANIFEST_BYTES);
    if (response.status() == 404) {
      return Optional.empty();
    }
    requireOk(image, response, "manifest " + reference);
    return Optional.of(
        new Content(
            response.body(),
            response.header("content-type"),
            response.header("docker-content-digest")));
  }

  @Override
  public Optional<Referrers> referrers(ImageRef image, String digest, String artifactType)
      throws RegistryException {
    List<Descriptor> all = new ArrayList<>();
    // No type asks for every referrer (a registry copy carries them all).
    String path =
        "referrers/"
            + digest
            + (artifactType == null
                ? ""
                : "?artifactType=" + URLEncoder.encode(artifactType, StandardCharsets.UTF_8));
    boolean filtered = false;
    for (int page = 0; path != null; page++) {
      if (page == MAX_REFERRER_PAGES) {
        // Stopping quietly would verify a part of the list as if it were all of it.
        throw new RegistryLimitException(
            Limit.REFERRER_PAGES,
            "the referrers of "
                + ImageRef.shortDigest(digest)
                + " in "
                + describe(image)
                + " go on past "
                + MAX_REFERRER_PAGES
                + " pages; refusing to read more");
      }
      Response response =
          get(
              image,
              path,
              OciJson.OCI_INDEX,
              StoreImageSource.MAX_MANIFEST_BYTES,
              Limit.MANIFEST_BYTES);
      if (page == 0 && referrersUnsupported(response.status())) {
        LOG.debugf("No referrers API at %s (HTTP %d)", host(image), response.status());
        return Optional.empty();
      }
      requireOk(image, response, "referrers of " + digest);
      Optional<JsonNode> index = OciJson.parse(response.body());
      if (index.isEmpty() || !index.get().has("manifests")) {
        if (page == 0) {
          LOG.debugf("Referrers answer from %s is not an image index", host(image));
          return Optional.empty();
        }
        throw new RegistryException(
            Kind.REFUSED,
            "page "
                + (page + 1)
                + " of the referrers of "
                + ImageRef.shortDigest(digest)
                + " in "
                + describe(image)
                + " is not an image index");
      }
      if (page == 0) {
        filtered = filterApplied(response.header("oci-filters-applied"));
      }
      all.addAll(OciJson.descriptors(index.get(), "manifests"));
      path = nextPage(image, response.header("link"));
    }
    return Optional.of(new Referrers(all, filtered));
  }

  /** {@code OCI-Filters-Applied} is a comma-separated list of the filters the registry applied. */
  private static boolean filterApplied(String header) {
    if (header == null) {
      return false;
    }
    for (String filter : header.split(",")) {
      if (filter.strip().equals("artifactType")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Optional<byte[]> blob(ImageRef image, String digest, long maxBytes)
      throws RegistryException {
    Response response = get(image, "blobs/" + digest, "*/*", maxBytes, Limit.BLOB_BYTES);
    if (response.status() == 404) {
      return Optional.empty();
    }
    requireOk(image, response, "blob " + digest);
    return Optional.of(response.body());
  }

  @Override
  public String describe(ImageRef image) {
    return "registry " + image.registryHost() + "/" + image.apiRepository();
  }

  private static boolean referrersUnsupported(int status) {
    return status == 404 || status == 400 || status == 405 || status == 406;
  }

  /**
   * The path of a {@code Link: <...>; rel="next"} page, relative to the repository. Only a page of
   * the same repository's referrers on the same registry is followed; anything else is refused
   * rather than dropped, since dropping it would verify part of the list as if it were all.
   */
  private String nextPage(ImageRef image, String link) throws RegistryException {
    if (link == null) {
      return null;
    }
    Matcher matcher = NEXT_LINK.matcher(link);
    if (!matcher.find()) {
      return null;
    }
    String prefix = "/v2/" + image.apiRepository() + "/";
    URI uri;
    try {
      uri = URI.create(matcher.group(1));
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    boolean sameHost =
        uri != null
            && (uri.getRawAuthority() == null
                || RegistryHosts.same(uri.getRawAuthority(), host(image)));
    if (!sameHost
        || uri.getRawPath() == null
        || !uri.getRawPath().startsWith(prefix + "referrers/")) {
      throw new RegistryException(
          Kind.REFUSED,
          describe(image)
              + " points the next page of a referrers list outside this repository's referrers;"
              + " refusing it");
    }
    String query = uri.getRawQuery();
    return uri.getRawPath().substring(prefix.length()) + (query == null ? "" : "?" + query);
  }

  private void requireOk(ImageRef image, Response response, String what) throws RegistryException {
    int status = response.status();
    if (status == 200) {
      return;
    }
    String where = describe(image);
    if (status == 401 || status == 403) {
      throw new RegistryException(
          Kind.UNAUTHORIZED,
          where
              + " refused access to "
              + what
              + " (HTTP "
              + status
              + "); check the registry credentials");
    }
    throw new RegistryException(
        Kind.UNAVAILABLE, where + " answered HTTP " + status + " for " + what);
  }

  private Response get(ImageRef image, String path, String accept, long maxBytes, Limit limit)
      throws RegistryException {
    RegistryAccess access = accessForHost.apply(image.registryHost());
    URI uri =
        URI.create(
            (access.insecure() ? "http" : "https")
                + "://"
                + host(image)
                + "/v2/"
                + image.apiRepository()
                + "/"
                + path);
    Future<Response> call = IO.submit(() -> exchange(image, access, uri, accept, maxBytes, limit));
    try {
      return call.get(access.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new RegistryException(
          Kind.UNAVAILABLE,
          "registry " + host(image) + " timed out after " + duration(access.requestTimeout()));
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new RegistryException(
          Kind.UNAVAILABLE, "interrupted while reading from " + host(image));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RegistryException failure) {
        throw failure;
      }
      throw unavailable(image, access, e.getCause());
    }
  }

  private Response exchange(
      ImageRef image, RegistryAccess access, URI uri, String accept, long maxBytes, Limit limit)
      throws RegistryException {
    int status;
    Map<String, String> headers;
    InputStream stream;
    // Not through oras, also when anonymous: see CredentialedHttp for where oras would send
    // credentials, and RedirectRule for the redirects oras would follow anywhere.
    CredentialedHttp http = credentialed.computeIfAbsent(access, CredentialedHttp::new);
    try {
      CredentialedHttp.Reply reply = http.get(uri, accept, access, image.apiRepository());
      status = reply.status();
      headers = reply.headers();
      stream = reply.body();
    } catch (IOException e) {
      throw unavailable(image, access, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(
          Kind.UNAVAILABLE, "interrupted while reading from " + host(image));
    }
    try (InputStream body = stream) {
      if (status != 200) {
        return new Response(status, headers, null);
      }
      String length = headers.get("content-length");
      if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBytes) {
        throw StoreImageSource.tooLarge(limit, uri.getPath(), Long.parseLong(length), maxBytes);
      }
      byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw StoreImageSource.tooLarge(limit, uri.getPath(), bytes.length, maxBytes);
      }
      return new Response(200, headers, bytes);
    } catch (IOException e) {
      throw unavailable(image, access, e);
    }
  }

  /** The host that serves the API: Docker Hub's API lives on another name than its images. */
  private static String host(ImageRef image) {
    String host = image.registryHost();
    return host.equals(ImageRef.DEFAULT_REGISTRY) ? "registry-1.docker.io" : host;
  }

  /**
   * oras reports token and challenge failures with a status code, and wraps transport failures; its
   * message may quote a response body, so it never reaches ours.
   */
  RegistryException fromOras(ImageRef image, RegistryAccess access, OrasException e) {
    Integer status = e.getStatusCode();
    if (status != null && (status == 401 || status == 403)) {
      return new RegistryException(
          Kind.UNAUTHORIZED,
          describe(image)
              + " refused access (HTTP "
              + status
              + (access.hasCredentials()
                  ? "); check the registry credentials"
                  : "); no credentials configured"));
    }
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    if (cause == e) {
      return new RegistryException(
          Kind.UNAVAILABLE,
          "request to registry "
              + host(image)
              + " failed"
              + (status == null ? "" : " (HTTP " + status + ")"));
    }
    return unavailable(image, access, cause);
  }

  /**
   * A fixed sentence per kind of transport failure. Exception messages can quote what the server
   * sent (an SSH banner, say) and class names mean nothing to the reader of a status, so both go to
   * DEBUG only, and the cause is not kept for a stack trace to print later.
   */
  static RegistryException unavailable(ImageRef image, RegistryAccess access, Throwable cause) {
    String host = host(image);
    String reason;
    Throwable root = recognised(cause);
    if (root instanceof HttpConnectTimeoutException) {
      reason =
          "connecting to registry "
              + host
              + " timed out after "
              + duration(access.connectTimeout());
    } else if (root instanceof HttpTimeoutException) {
      reason = "registry " + host + " timed out after " + duration(access.requestTimeout());
    } else if (root instanceof ConnectException) {
      reason = "cannot connect to registry " + host + " (connection refused)";
    } else if (root instanceof SSLException) {
      reason =
          "TLS with registry " + host + " failed; a plain-HTTP registry must be marked insecure";
    } else if (root instanceof UnknownHostException || root instanceof UnresolvedAddressException) {
      reason = "cannot resolve registry host " + host;
    } else if (root instanceof ProtocolException) {
      reason = "registry " + host + " did not answer HTTP";
    } else if (root instanceof EOFException || root instanceof SocketException) {
      reason = "registry " + host + " closed the connection";
    } else {
      reason = "reading from registry " + host + " failed";
    }
    LOG.debugf("%s: %s", reason, chain(cause));
    return new RegistryException(Kind.UNAVAILABLE, reason);
  }

  /** Class and message of each cause, for DEBUG only: the messages may quote the server. */
  private static String chain(Throwable cause) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      out.append(out.length() == 0 ? "" : " <- ").append(t);
    }
    return out.toString();
  }

  /** {@code 60 s}, or {@code 500 ms} below a whole second. */
  static String duration(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  /**
   * The first transport failure in the chain that says what happened; the JDK wraps a refused
   * connection's {@code ClosedChannelException} in a {@code ConnectException}, for example.
   */
  private static Throwable recognised(Throwable cause) {
    Throwable deepest = cause;
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof HttpTimeoutException
          || t instanceof SSLException
          || t instanceof UnknownHostException
          || t instanceof UnresolvedAddressException
          || t instanceof ProtocolException
          || t instanceof EOFException
          || t instanceof SocketException) {
        return t;
      }
      deepest = t;
    }
    return deepest;
  }

  /** A status, lower-case headers and, for 200 only, the bounded body. */
  private record Response(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name);
    }
  }
}
