package dev.strata.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.strata.StrataException;
import dev.strata.output.fixtures.Commands;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import dev.strata.testing.Gens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * htpasswd files and Authorization headers, generated: any header is a yes or a no (never an
 * exception, so never a 500), any file is read or refused with a sentence naming its line (never
 * the hash), user names and passwords of any bytes round-trip, and bcrypt's 72-byte rule matches
 * Apache's own {@code htpasswd -B}.
 */
class HtpasswdPropertiesTest {
    private static final byte[] USER = ascii("alice");
    private static final byte[] PASSWORD = ascii("wonderland");
    private static final String PRINTABLE = "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
            + "abcdefghijklmnopqrstuvwxyz{|}~";

    @TempDir
    static Path work;
    static Htpasswd fixed;

    @BeforeAll
    static void oneUser() {
        fixed = Htpasswd.read(file(entry(USER, PASSWORD, 4)));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static String basic(byte[] user, byte[] password) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(user);
        b.write(':');
        b.writeBytes(password);
        return "Basic " + Base64.getEncoder().encodeToString(b.toByteArray());
    }

    static Path file(byte[]... lines) {
        try {
            Path f = Files.createTempFile(work, "htpasswd", "");
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (byte[] line : lines) {
                b.writeBytes(line);
                b.write('\n');
            }
            Files.write(f, b.toByteArray());
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] entry(byte[] user, byte[] password, int cost) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(user);
        b.write(':');
        // As Apache's htpasswd -B does: only the first 72 bytes go into the hash.
        byte[] key = Arrays.copyOf(password, Math.min(password.length, Htpasswd.BCRYPT_KEY_BYTES));
        b.writeBytes(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(cost, key));
        return b.toByteArray();
    }

    /** Counts verifications and the hashes they were made against; the real bcrypt does the work. */
    static final class Counting implements Htpasswd.Verifier {
        final List<String> hashes = new ArrayList<>();

        @Override
        public boolean verify(byte[] password, byte[] hash) {
            hashes.add(new String(hash, StandardCharsets.US_ASCII));
            return Htpasswd.BCRYPT_VERIFIER.verify(password, hash);
        }
    }

    @Test
    void anUnknownUserCostsOneBcryptVerificationAgainstADummyHashOfTheUsersCost() {
        Counting counting = new Counting();
        Htpasswd h = Htpasswd.read(file(entry(USER, PASSWORD, 6), entry(ascii("bob"), PASSWORD, 6)), counting);
        String dummy = new String(h.dummyHash(), StandardCharsets.US_ASCII);
        assertTrue(dummy.startsWith("$2y$06$") && dummy.length() == 60, dummy);

        assertFalse(h.allows(basic(ascii("nobody"), PASSWORD)));
        assertEquals(List.of(dummy), counting.hashes, "one verification, against the dummy");
        assertFalse(h.allows(basic(USER, ascii("wrong"))));
        assertEquals(2, counting.hashes.size());
        assertTrue(counting.hashes.get(1).startsWith("$2y$06$") && !counting.hashes.get(1).equals(dummy));
        assertTrue(h.allows(basic(USER, PASSWORD)));
        assertTrue(h.allows(basic(USER, PASSWORD)));
        assertEquals(3, counting.hashes.size(), "a header that verified once is remembered");
    }

    @Test
    void apachesHtpasswdAndThisServerAgreeOnPasswordsLongerThan72Bytes() throws IOException {
        String password = "p".repeat(72) + "12345678";
        Path f = Files.createTempFile(work, "htpasswd", "");
        Files.writeString(f, Commands.run(List.of("htpasswd", "-Bbn", "alice", password)).ok().stdout());
        Htpasswd h = Htpasswd.read(f);
        assertTrue(h.allows(basic(USER, ascii(password))));
        assertTrue(h.allows(basic(USER, ascii("p".repeat(72) + "anything else"))));
        assertFalse(h.allows(basic(USER, ascii("p".repeat(71)))));
    }

    /** Printable passwords around the 72-byte limit, hashed by Apache's htpasswd itself. */
    @Test
    void apachesHashesVerifyByTheFirst72Bytes() {
        Gen<String> around72 = Gens.from(PRINTABLE, 60, 90);
        qt().withExamples(40).forAll(around72, Gens.from(PRINTABLE, 0, 10)).checkAssert((password, suffix) -> {
            Path f = file(ascii(Commands.run(List.of("htpasswd", "-Bbn", "-C", "4", "u", password)).ok().stdout().strip()));
            Htpasswd h = Htpasswd.read(f);
            byte[] u = {'u'};
            byte[] pw = ascii(password);
            assertTrue(h.allows(basic(u, pw)));
            if (pw.length >= 72) {
                assertTrue(h.allows(basic(u, ascii(password.substring(0, 72) + suffix))));
            } else {
                assertFalse(h.allows(basic(u, Arrays.copyOf(pw, pw.length - 1))), "a shorter prefix is another password");
            }
        });
    }

    static Gen<String> headers() {
        Gen<String> anything = Gens.any(200);
        Gen<String> basicAnything = Gens.any(200).map(s -> "Basic " + s);
        Gen<String> basicBytes = Gens.bytes(0, 300).map(b -> "Basic " + Base64.getEncoder().encodeToString(b));
        Gen<String> nearMiss = Gens.pick("Basic ", "basic ", "BASIC  ", "Basic\t", "Bearer ")
                .zip(Gens.bytes(0, 100), Gens.pick("", "=", "==", "!", " x", "\u00ff"),
                        (scheme, b, tail) -> scheme + Base64.getEncoder().encodeToString(b) + tail);
        Gen<String> knownUser = Gens.bytes(0, 120).map(pw -> basic(USER, pw));
        return Generate.oneOf(anything, basicAnything, basicBytes, nearMiss, knownUser);
    }

    /** Any header at all: a boolean, and false (the file's only password is not guessed by chance). */
    @Test
    void anyAuthorizationHeaderIsAnsweredWithNoExceptionAndNoAccess() {
        qt().withExamples(3000).forAll(headers()).checkAssert(header -> assertFalse(fixed.allows(header)));
    }

    static Gen<byte[]> users() {
        return Gens.bytes(1, 40).assuming(u -> u[0] != '#' && indexOf(u, (byte) ':') < 0 && indexOf(u, (byte) '\n') < 0
                && indexOf(u, (byte) '\r') < 0 && !new String(u, StandardCharsets.ISO_8859_1).isBlank());
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Users and passwords of any bytes (a user without ':', CR, LF; not a comment) round-trip.
     * Each example costs five bcrypt operations at cost 4, hence fewer examples.
     */
    @Test
    void anyUserAndPasswordBytesRoundTrip() {
        Gen<Integer> flips = integers().between(0, 255);
        qt().withExamples(150).forAll(users(), Gens.bytes(0, 100), flips).checkAssert((user, password, flip) -> {
            Htpasswd h = Htpasswd.read(file(entry(user, password, 4)));
            assertTrue(h.allows(basic(user, password)));
            if (password.length > 0) {
                byte[] other = password.clone();
                other[flip % Math.min(password.length, Htpasswd.BCRYPT_KEY_BYTES)] ^= (byte) (1 + flip % 127);
                assertFalse(h.allows(basic(user, other)), "a password differing in its first 72 bytes is refused");
            }
            byte[] otherUser = Arrays.copyOf(user, user.length + 1);
            otherUser[user.length] = 'x';
            assertFalse(h.allows(basic(otherUser, password)));
        });
    }

    static Gen<List<String>> lines() {
        Gen<String> user = Gens.from(PRINTABLE.replace(":", ""), 1, 10);
        Gen<String> hash = Generate.oneOf(
                Generate.constant(new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(4, PASSWORD),
                        StandardCharsets.US_ASCII)),
                Gens.pick("$apr1$abcdefgh$0123456789012345678901", "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", "abJnggxhB/yWI",
                        "$1$abc$def", "$6$salt$hash", "$2x$05$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234",
                        "$2y$05$short", "$2y$99$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234", "plain"),
                Gens.latin1(0, 70).map(s -> s.replace("\n", "")));
        Gen<String> entry = user.zip(hash, (u, h) -> u + ":" + h);
        Gen<String> other = Generate.oneOf(Gens.pick("", "# comment", "   ", "nocolon", ":nouser", "\r"),
                Gens.latin1(0, 80).map(s -> s.replace("\n", "")));
        return lists().of(Generate.frequency(Pair.of(3, entry), Pair.of(1, other))).ofSizeBetween(0, 6);
    }

    /** Any file: read, or refused with a StrataException naming a line, never the text after a colon. */
    @Test
    void anyFileIsReadOrRefusedNamingTheLine() {
        qt().withExamples(1500).forAll(lines()).checkAssert(lines -> {
            Path f = file(lines.stream().map(l -> l.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new));
            try {
                Htpasswd.read(f);
            } catch (StrataException e) {
                String m = e.getMessage();
                assertTrue(m.contains("line ") || m.contains("has no users"), m);
                for (String line : lines) {
                    int colon = line.indexOf(':');
                    String secret = colon < 0 ? "" : line.substring(colon + 1).strip();
                    if (secret.length() >= 8 && !line.startsWith("#")) {
                        assertFalse(m.contains(secret), "the hash is never printed: " + m);
                    }
                }
            }
        });
    }

    @Test
    void aFileWithoutUsersOrWithARepeatedUserIsRefused() {
        StrataException e = assertThrows(StrataException.class, () -> Htpasswd.read(file(ascii("# nobody yet"))));
        assertTrue(e.getMessage().contains("no users"), e.getMessage());
        e = assertThrows(StrataException.class, () -> Htpasswd.read(file(entry(USER, PASSWORD, 4), entry(USER, PASSWORD, 4))));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("line 1"), e.getMessage());
    }
}
