package dev.shipproof.gitops;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.jboss.logging.Logger;

/**
 * The host keys one Secret's {@code known_hosts} trusts, and nothing else: no file is read or
 * written, no user is asked, and an unknown or changed host key is refused (never trusted on first
 * use). Plain and hashed ({@code |1|}) host names, {@code [host]:port} and patterns are matched as
 * OpenSSH does; {@code @revoked} lines refuse their key; {@code @cert-authority} lines are not
 * supported and match nothing.
 */
final class KnownHosts implements ServerKeyDatabase {
  private static final Logger LOG = Logger.getLogger(KnownHosts.class);

  private record Entry(KnownHostEntry host, PublicKey key, boolean revoked) {}

  private final List<Entry> entries;

  private KnownHosts(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Parses {@code known_hosts} text.
   *
   * @throws IllegalArgumentException naming the line number when a line is not a host key line, or
   *     when no line holds a host key
   */
  static KnownHosts parse(String text) {
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      entries.add(entry(line, i + 1));
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("holds no host key line");
    }
    return new KnownHosts(entries);
  }

  private static Entry entry(String line, int number) {
    String where = "line " + number;
    KnownHostEntry host;
    try {
      host = KnownHostEntry.parseKnownHostEntry(line);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(where + " is not a known_hosts line");
    }
    if (host == null || host.getKeyEntry() == null) {
      throw new IllegalArgumentException(where + " is not a known_hosts line");
    }
    String marker = host.getMarker() == null ? "" : host.getMarker().toLowerCase(Locale.ROOT);
    if (!marker.isEmpty() && !marker.equals("revoked") && !marker.equals("cert-authority")) {
      throw new IllegalArgumentException(where + " has an unknown marker @" + host.getMarker());
    }
    PublicKey key;
    try {
      key = host.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(where + " holds a key that cannot be read");
    }
    if (key == null) {
      throw new IllegalArgumentException(where + " holds a key of an unsupported type");
    }
    if (marker.equals("cert-authority")) {
      LOG.debugf("known_hosts %s: @cert-authority is not supported; ignored", where);
      return new Entry(host, key, true);
    }
    return new Entry(host, key, marker.equals("revoked"));
  }

  @Override
  public List<PublicKey> lookup(
      String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
    List<PublicKey> keys = new ArrayList<>();
    for (Entry e : entries) {
      if (!e.revoked() && matches(e, connectAddress, remoteAddress)) {
        keys.add(e.key());
      }
    }
    return keys;
  }

  @Override
  public boolean accept(
      String connectAddress,
      InetSocketAddress remoteAddress,
      PublicKey serverKey,
      Configuration config,
      CredentialsProvider provider) {
    boolean known = false;
    for (Entry e : entries) {
      if (matches(e, connectAddress, remoteAddress) && KeyUtils.compareKeys(e.key(), serverKey)) {
        if (e.revoked()) {
          throw refusal(connectAddress, serverKey, "is revoked (@revoked) in known_hosts");
        }
        known = true;
      }
    }
    if (known) {
      return true;
    }
    boolean hostListed =
        entries.stream().anyMatch(e -> !e.revoked() && matches(e, connectAddress, remoteAddress));
    throw refusal(
        connectAddress,
        serverKey,
        hostListed
            ? "does not match the key known_hosts lists for this host (changed host key?)"
            : "is not in known_hosts (the host is not listed)");
  }

  private static HostKeyRefused refusal(String address, PublicKey key, String why) {
    // Thrown rather than returning false, so the refusal keeps its reason through JGit's wrapping.
    return new HostKeyRefused(
        "the SSH host key of "
            + address
            + " ("
            + KeyUtils.getKeyType(key)
            + " "
            + KeyUtils.getFingerPrint(key)
            + ") "
            + why
            + "; Shipproof never trusts a host key it was not given");
  }

  private static boolean matches(Entry e, String connectAddress, InetSocketAddress remote) {
    HostPort connect = HostPort.parse(connectAddress, remote.getPort());
    if (connect != null && e.host().isHostMatch(connect.host(), connect.port())) {
      return true;
    }
    String ip =
        remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
    return e.host().isHostMatch(ip, remote.getPort());
  }

  private record HostPort(String host, int port) {
    /** {@code host}, {@code host:port} or {@code [host]:port}, as JGit passes it. */
    static HostPort parse(String address, int fallbackPort) {
      if (address == null || address.isEmpty()) {
        return null;
      }
      try {
        if (address.charAt(0) == '[') {
          int end = address.indexOf(']');
          if (end <= 1) {
            return null;
          }
          String host = address.substring(1, end);
          int port =
              end + 1 < address.length() && address.charAt(end + 1) == ':'
                  ? Integer.parseInt(address.substring(end + 2))
                  : fallbackPort;
          return new HostPort(host, port);
        }
        int colon = address.lastIndexOf(':');
        if (colon > 0 && address.indexOf(':') == colon) {
          return new HostPort(
              address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        }
        return new HostPort(address, fallbackPort);
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /** A host key that the Secret's {@code known_hosts} does not trust. */
  static final class HostKeyRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HostKeyRefused(String message) {
      super(message, null, false, false);
    }
  }
}
