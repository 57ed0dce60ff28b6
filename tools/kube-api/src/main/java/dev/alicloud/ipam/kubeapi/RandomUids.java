package dev.alicloud.ipam.kubeapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Random-looking {@code metadata.uid}s in place of the CRUD mock's, which it numbers from 1 in every process
 * ({@code 00000000-0000-0000-0000-000000000001}...): a real apiserver assigns a random UUID on every create, and the
 * operator writes uids into its ownership tags, so two sandbox runs must not hand out the same ones. The mapping is a
 * function (the mock's uid and a secret of this server), so the stored object and the create's answer agree.
 */
final class RandomUids {

  private static final Pattern MOCK_UID = Pattern.compile("00000000-0000-0000-0000-[0-9a-f]{12}");

  private final String secret = UUID.randomUUID().toString();

  /** Whether a uid is one the mock made up. */
  static boolean isMocks(String uid) {
    return uid != null && MOCK_UID.matcher(uid).matches();
  }

  /** A version 4 UUID standing for the mock's uid in this server. */
  String of(String mockUid) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest((secret + mockUid).getBytes(StandardCharsets.UTF_8));
      hash[6] = (byte) ((hash[6] & 0x0f) | 0x40);
      hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
      long most = 0;
      long least = 0;
      for (int i = 0; i < 8; i++) {
        most = most << 8 | (hash[i] & 0xff);
        least = least << 8 | (hash[8 + i] & 0xff);
      }
      return new UUID(most, least).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
