package dev.shipproof.gitops;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Git repository URLs: redaction for anything a person may read, and the accepted forms. */
public final class GitUrls {
  private static final Pattern SCHEME =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://(.*)", Pattern.DOTALL);

  /** {@code [user@]host:path}, the form git reads as SSH; the path must not start with a colon. */
  private static final Pattern SCP_LIKE =
      Pattern.compile("(?:[A-Za-z0-9._~%+-]+@)?[A-Za-z0-9][A-Za-z0-9.-]*:[^:\\s][^\\s]*");

  private static final Set<String> SCHEMES = Set.of("file", "https", "http", "ssh");

  private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\s]");

  private GitUrls() {}

  /**
   * The URL without secrets, fit for status, events and logs. Userinfo of a URL with a scheme
   * ({@code https://user:token@host/…}, {@code https://token@host/…}) becomes {@code ***}, except
   * that an {@code ssh://} user name is kept (it names an account, not a credential) and only a
   * password after it is masked. A query or fragment is masked too. The scp-like form {@code
   * user@host:path} is returned as is, unless a password was written before the {@code @}.
   *
   * @param url any text; {@code null} gives {@code null}
   * @return the redacted URL
   */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    Matcher m = SCHEME.matcher(url);
    if (!m.matches()) {
      return redactScpLike(url);
    }
    String scheme = m.group(1);
    String rest = m.group(2);
    String tail = "";
    int cut = indexOfAny(rest, "?#");
    if (cut >= 0) {
      tail = rest.charAt(cut) + "***";
      rest = rest.substring(0, cut);
    }
    boolean ssh = scheme.toLowerCase(Locale.ROOT).contains("ssh");
    int at = rest.lastIndexOf('@');
    if (at < 0) {
      return scheme + "://" + rest + tail;
    }
    String userinfo = rest.substring(0, at);
    String kept;
    if (ssh && userinfo.indexOf('/') < 0) {
      int colon = userinfo.indexOf(':');
      kept = colon < 0 ? userinfo : userinfo.substring(0, colon) + ":***";
    } else {
      // The whole userinfo: with https the user name itself is often the token.
      kept = "***";
    }
    return scheme + "://" + kept + rest.substring(at) + tail;
  }

  /** Masks a password in {@code user:password@host:path}; a plain {@code user@} is kept. */
  private static String redactScpLike(String url) {
    int at = url.lastIndexOf('@');
    if (at < 0) {
      return url;
    }
    String userinfo = url.substring(0, at);
    int colon = userinfo.indexOf(':');
    return colon < 0 ? url : userinfo.substring(0, colon) + ":***" + url.substring(at);
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Why {@code url} is not a repository URL we push to, as a plain sentence; empty when it is one.
   * Accepted: {@code file}, {@code https}, {@code http} and {@code ssh} URLs, and the scp-like
   * {@code [user@]host:path}. The sentence quotes only the redacted URL.
   */
  static Optional<String> problem(String url) {
    if (url == null || url.isBlank()) {
      return Optional.of("the git URL is empty");
    }
    String shown = redact(url);
    if (UNPRINTABLE.matcher(url).find()) {
      return Optional.of("the git URL contains spaces or control characters");
    }
    Matcher m = SCHEME.matcher(url);
    if (m.matches()) {
      String scheme = m.group(1).toLowerCase(Locale.ROOT);
      if (!SCHEMES.contains(scheme)) {
        return Optional.of(
            "the git URL "
                + shown
                + " uses the scheme "
                + m.group(1)
                + "; use https, ssh, http or file");
      }
      String rest = m.group(2);
      int slash = rest.indexOf('/');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      String path = slash < 0 ? "" : rest.substring(slash);
      if (scheme.equals("file")) {
        return path.length() > 1 && authority.isEmpty()
            ? Optional.empty()
            : Optional.of("the git URL " + shown + " is not a file:///absolute/path URL");
      }
      String host = authority.substring(authority.lastIndexOf('@') + 1);
      if (host.startsWith("-")) {
        // An SSH client given this host would read it as an option (-oProxyCommand=...).
        return Optional.of("the git URL " + shown + " names a host that starts with -");
      }
      if (host.isEmpty() || host.startsWith(":") || path.length() <= 1) {
        return Optional.of("the git URL " + shown + " names no host or no repository path");
      }
      return Optional.empty();
    }
    if (SCP_LIKE.matcher(url).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "the git URL "
            + shown
            + " is not an https, ssh, http or file URL, nor of the form user@host:path");
  }
}
