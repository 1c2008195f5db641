package dev.switchboard.transport.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads PEM files: X.509 certificates and unencrypted PKCS#8 private keys, the formats
 * {@code openssl}, cert-manager and Vault write. Errors name the setting and the file and say how
 * to convert an unsupported key. Stateless.
 */
final class Pem {
  private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String KEY_END = "-----END PRIVATE KEY-----";

  private Pem() {}

  /** Every certificate in {@code file}; at least one. */
  static List<X509Certificate> certificates(String setting, Path file) {
    byte[] bytes = read(setting, file);
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException(setting + " " + file + ": no PEM certificate (BEGIN CERTIFICATE) in it");
      }
      return out;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(setting + " " + file + ": not a PEM certificate file: " + e.getMessage(), e);
    }
  }

  /** The PKCS#8 key in {@code file}, of the algorithm of {@code certificate}'s public key. */
  static PrivateKey privateKey(String setting, Path file, X509Certificate certificate) {
    String text = new String(read(setting, file), StandardCharsets.US_ASCII);
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new IllegalArgumentException(setting + " " + file + ": an encrypted PEM key is not supported;"
          + " use an unencrypted PKCS#8 key protected by file permissions, or a PKCS#12 key store with a password");
    }
    int begin = text.indexOf(KEY_BEGIN);
    int end = text.indexOf(KEY_END);
    if (begin < 0 || end < begin) {
      String hint = text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")
          ? ": it is a PKCS#1/SEC1 key; convert it with 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'"
          : ": no PKCS#8 key (BEGIN PRIVATE KEY) in it";
      throw new IllegalArgumentException(setting + " " + file + hint);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin + KEY_BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + " " + file + ": the key is not valid base64", e);
    }
    Set<String> algorithms = new LinkedHashSet<>();
    algorithms.add(certificate.getPublicKey().getAlgorithm()); // the certificate says which, usually
    algorithms.addAll(List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA"));
    for (String algorithm : algorithms) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException | RuntimeException tryNext) {
        // not this algorithm
      }
    }
    throw new IllegalArgumentException(setting + " " + file + ": not a PKCS#8 key of a supported algorithm "
        + algorithms);
  }

  private static byte[] read(String setting, Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(setting + " " + file + ": no such file", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(setting + " " + file + ": cannot read it: " + e, e);
    }
  }
}
