package dev.strata.output.registry;

import java.security.KeyManagementException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An SSLContext that builds the real one on first use. java.net.http's client asks for its
 * context when it is made, and setting up JSSE (providers, cipher suites, the trust store) costs
 * a fresh JVM 0.3 to 0.7 s of CPU; a push to a plain-HTTP registry never needs it.
 */
final class LazySslContext extends SSLContext {
    private static final Provider PROVIDER = new Provider("StrataLazyTls", "1.0", "defers JSSE set-up to first use") {
        private static final long serialVersionUID = 1L;
    };

    LazySslContext(Supplier<SSLContext> real) {
        super(new Spi(real), PROVIDER, "TLS");
    }

    /**
     * The parameters to give java.net.http's builder alongside this context, so it does not ask the
     * context for its defaults (which would build it): nulls mean "the real context's defaults".
     */
    static SSLParameters defaultParameters() {
        return new SSLParameters();
    }

    private static final class Spi extends SSLContextSpi {
        private final Supplier<SSLContext> factory;
        private volatile SSLContext real;

        Spi(Supplier<SSLContext> factory) {
            this.factory = factory;
        }

        private SSLContext real() {
            SSLContext r = real;
            if (r == null) {
                synchronized (this) {
                    if (real == null) {
                        real = factory.get();
                    }
                    r = real;
                }
            }
            return r;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
            throw new KeyManagementException("a lazy context is set up by its factory");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return real().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return real().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return real().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return real().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return real().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return real().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return real().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return real().getSupportedSSLParameters();
        }
    }
}
