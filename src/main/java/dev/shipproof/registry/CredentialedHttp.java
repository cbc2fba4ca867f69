package dev.shipproof.registry;

import dev.shipproof.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * GETs with registry credentials, sent only where they belong. oras-java 0.7.0 drops its own
 * Authorization header on a cross-origin redirect, but when the redirect target then answers 401
 * with a Bearer challenge it sends the registry's basic credentials to the realm that target names
 * (and it forwards caller-supplied headers on every redirect). So requests that carry credentials
 * go through this client instead: basic credentials, or a token from the realm the registry's own
 * challenge names, go only to the registry's origin; redirects are followed here, a cross-origin
 * hop drops the Authorization header for good and is never answered with a token request; HTTPS is
 * never downgraded to plain HTTP.
 */
final class CredentialedHttp {
  private static final Logger LOG = Logger.getLogger(CredentialedHttp.class);
  private static final int MAX_REDIRECTS = 5;
  private static final long MAX_TOKEN_BYTES = 1024 * 1024;
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final HttpClient client;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  CredentialedHttp(RegistryAccess access) {
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(access.connectTimeout())
            .build();
  }

  /** A status, lower-case first header values and, for 200, the open body. */
  record Reply(int status, Map<String, String> headers, InputStream body) {}

  /**
   * GETs {@code uri} as {@code access} allows.
   *
   * @param repository the repository, for the token scope
   */
  Reply get(URI uri, String accept, RegistryAccess access, String repository)
      throws IOException, InterruptedException, RegistryException {
    String origin = origin(uri);
    String tokenKey = origin + " " + repository;
    String authorization = tokens.getOrDefault(tokenKey, basic(access));
    URI target = uri;
    boolean sameOrigin = true;
    boolean challenged = false;
    for (int hop = 0; ; ) {
      HttpResponse<InputStream> response = send(target, accept, sameOrigin ? authorization : null);
      int status = response.statusCode();
      if (status == 401 && sameOrigin && !challenged) {
        challenged = true;
        String challenge = response.headers().firstValue("www-authenticate").orElse("");
        response.body().close();
        String token = token(challenge, access, repository, target);
        if (token == null) {
          return new Reply(401, Map.of(), InputStream.nullInputStream());
        }
        authorization = "Bearer " + token;
        tokens.put(tokenKey, authorization);
        continue;
      }
      if (isRedirect(status)) {
        response.body().close();
        if (++hop > MAX_REDIRECTS) {
          throw new RegistryException(
              Kind.UNAVAILABLE, "registry " + uri.getAuthority() + " redirected too many times");
        }
        URI next = redirect(uri, target, response);
        sameOrigin = sameOrigin && origin(next).equals(origin);
        target = next;
        continue;
      }
      Map<String, String> headers = new HashMap<>();
      response
          .headers()
          .map()
          .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
      return new Reply(status, headers, response.body());
    }
  }

  private HttpResponse<InputStream> send(URI uri, String accept, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", accept);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  /**
   * A token from the realm of the registry's own Bearer challenge, or {@code null} when the
   * challenge is not Bearer (basic credentials were refused) or names no realm.
   */
  private String token(String challenge, RegistryAccess access, String repository, URI from)
      throws IOException, InterruptedException, RegistryException {
    if (!challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    Matcher matcher = PARAM.matcher(challenge);
    while (matcher.find()) {
      params.put(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2));
    }
    String realm = params.get("realm");
    if (realm == null) {
      return null;
    }
    URI realmUri = URI.create(realm);
    if ("http".equals(realmUri.getScheme()) && !access.insecure()) {
      throw new RegistryException(
          Kind.UNAUTHORIZED,
          "registry " + from.getAuthority() + " names a plain-HTTP token realm; refusing it");
    }
    String scope = params.getOrDefault("scope", "repository:" + repository + ":pull");
    StringBuilder query = new StringBuilder("scope=").append(encode(scope));
    if (params.containsKey("service")) {
      query.append("&service=").append(encode(params.get("service")));
    }
    URI tokenUri =
        URI.create(realm + (realmUri.getRawQuery() == null ? "?" : "&") + query.toString());
    HttpResponse<InputStream> response = send(tokenUri, "application/json", basic(access));
    try (InputStream body = response.body()) {
      if (response.statusCode() == 401 || response.statusCode() == 403) {
        throw new RegistryException(
            Kind.UNAUTHORIZED,
            "the token service of registry "
                + from.getAuthority()
                + " refused the credentials (HTTP "
                + response.statusCode()
                + ")");
      }
      if (response.statusCode() != 200) {
        throw new RegistryException(
            Kind.UNAVAILABLE,
            "the token service of registry "
                + from.getAuthority()
                + " answered HTTP "
                + response.statusCode());
      }
      byte[] bytes = body.readNBytes((int) MAX_TOKEN_BYTES);
      var json = OciJson.parse(bytes).orElse(null);
      String token = json == null ? null : OciJson.text(json, "token");
      if (token == null && json != null) {
        token = OciJson.text(json, "access_token");
      }
      if (token == null) {
        throw new RegistryException(
            Kind.UNAVAILABLE,
            "the token service of registry " + from.getAuthority() + " answered no token");
      }
      LOG.debugf("token for %s from its realm", from.getAuthority());
      return token;
    }
  }

  private static URI redirect(URI original, URI from, HttpResponse<?> response)
      throws RegistryException {
    String location = response.headers().firstValue("location").orElse(null);
    if (location == null) {
      throw new RegistryException(
          Kind.UNAVAILABLE, "registry " + from.getAuthority() + " redirected without a Location");
    }
    return RedirectRule.next(original, from, location);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** {@code scheme://host:port}, with the default port made explicit and the host lower-cased. */
  static String origin(URI uri) {
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    return uri.getScheme()
        + "://"
        + Objects.toString(uri.getHost(), "").toLowerCase(Locale.ROOT)
        + ":"
        + port;
  }

  private static String basic(RegistryAccess access) {
    if (!access.hasCredentials()) {
      return null;
    }
    String pair = access.username() + ":" + access.password();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
