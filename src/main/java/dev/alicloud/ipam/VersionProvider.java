package dev.alicloud.ipam;

import picocli.CommandLine.IVersionProvider;

/** Reports the version Maven wrote into the jar's manifest ("development" when run from classes). */
public final class VersionProvider implements IVersionProvider {

  /** The operator's version, also used in its user agent and logs. */
  public static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"vpc-ipam-operator " + version()};
  }
}
