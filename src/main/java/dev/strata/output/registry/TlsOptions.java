package dev.strata.output.registry;

import dev.strata.StrataException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How to trust a registry: the system trust store, plus the CA certificates of {@code --ca-cert FILE}
 * (PEM or DER, one or more); or {@code --insecure}: unverified TLS, or plain HTTP when the registry
 * speaks no TLS, for this registry only.
 */
public record TlsOptions(boolean insecure, Path caCert) {
    public static TlsOptions system() {
        return new TlsOptions(false, null);
    }

    /**
     * Refuses, before anything is built, a {@code --ca-cert} that is missing, not a readable file, or
     * holds no certificate.
     */
    public void check() {
        if (caCert != null) {
            readCertificates(caCert);
        }
    }

    /** The context for connections that verify certificates: system trust plus {@code caCert}. */
    public SSLContext verifyingContext() {
        try {
            if (caCert == null) {
                return SSLContext.getDefault();
            }
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (TrustManager tm : system.getTrustManagers()) {
                if (tm instanceof X509TrustManager) {
                    for (X509Certificate c : ((X509TrustManager) tm).getAcceptedIssuers()) {
                        store.setCertificateEntry("system-" + n++, c);
                    }
                }
            }
            for (Certificate c : readCertificates(caCert)) {
                store.setCertificateEntry("ca-cert-" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new StrataException("cannot set up TLS with --ca-cert " + caCert + ": " + e.getMessage());
        }
    }

    /** The context for {@code --insecure}: accepts any certificate and any host name. */
    public static SSLContext trustingAnyCertificate() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustAnything()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** At most this much is read: CA bundles are a few hundred KB. */
    private static final long MAX_FILE = 16L << 20;

    private static Collection<? extends Certificate> readCertificates(Path file) {
        if (!Files.exists(file)) {
            throw new StrataException("--ca-cert " + file + " does not exist; give the registry's CA certificate (PEM)");
        }
        if (!Files.isRegularFile(file)) {
            throw new StrataException("--ca-cert " + file + " is not a file; give the registry's CA certificate (PEM)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (Files.size(file) > MAX_FILE) {
                throw new StrataException("--ca-cert " + file + " is " + Files.size(file) + " bytes, too large for a "
                        + "certificate file; give the registry's CA certificate (PEM)");
            }
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new StrataException("--ca-cert " + file + " holds no certificate; give a PEM file with "
                        + "-----BEGIN CERTIFICATE-----");
            }
            return certs;
        } catch (CertificateException | RuntimeException e) {
            if (e instanceof StrataException se) {
                throw se;
            }
            throw new StrataException("--ca-cert " + file + " is not a certificate file (" + e.getMessage()
                    + "); give a PEM file with -----BEGIN CERTIFICATE-----");
        } catch (IOException e) {
            throw new StrataException("--ca-cert " + file + " cannot be read (" + e.getMessage()
                    + "); give a CA certificate file you may read");
        }
    }

    /**
     * Extended (not plain X509TrustManager) on purpose: JSSE wraps plain trust managers in one that
     * still checks the host name, which {@code --insecure} must not do.
     */
    private static final class TrustAnything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
