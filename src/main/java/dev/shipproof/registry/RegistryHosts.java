package dev.shipproof.registry;

import java.util.Locale;

/**
 * The one comparison of registry hosts: DNS names are case-insensitive, and {@code
 * ImageRef.canonicalName()} lower-cases the host, so every lookup by host (layout routes,
 * plain-HTTP hosts, credentials) must too, or {@code LOCALHOST:5000/acme/api} would match an
 * Environment's target yet skip its configured layout or insecure setting.
 */
public final class RegistryHosts {
  private RegistryHosts() {}

  /** The form to compare and to key maps by: the host (with port) in lower case. */
  public static String key(String host) {
    return host.toLowerCase(Locale.ROOT);
  }

  /** Whether two hosts as written name the same registry host. */
  public static boolean same(String a, String b) {
    return key(a).equals(key(b));
  }

  /**
   * A name prefix {@code host[/repository...]} with its host part in compared form; the repository
   * part is left alone (references allow only lower case there anyway).
   */
  public static String keyOfPrefix(String prefix) {
    int slash = prefix.indexOf('/');
    return slash < 0 ? key(prefix) : key(prefix.substring(0, slash)) + prefix.substring(slash);
  }
}
