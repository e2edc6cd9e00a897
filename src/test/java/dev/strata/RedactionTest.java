package dev.strata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void aReferenceHidesUserInfoBeforeTheHostWithOrWithoutAScheme() {
        assertEquals("***@127.0.0.1:5000/a:1", Redaction.reference("user:s3cret@127.0.0.1:5000/a:1"));
        assertEquals("***@127.0.0.1:5000", Redaction.reference("user:s3cret@127.0.0.1:5000"));
        assertEquals("***@host/repo:1", Redaction.reference("TOKEN@host/repo:1"));
        assertEquals("docker://***@host/repo:1", Redaction.reference("docker://user:pw@host/repo:1"));
        assertEquals("https://***@host/repo:1", Redaction.reference("https://user:p@ss@host/repo:1"));
    }

    @Test
    void aReferenceKeepsDigestsLocalFilesAndPlainNames() {
        String digest = "host/repo@sha256:" + "a".repeat(64);
        assertEquals(digest, Redaction.reference(digest));
        assertEquals("repo@sha256:" + "b".repeat(64), Redaction.reference("repo@sha256:" + "b".repeat(64)));
        assertEquals("oci-archive:my@file.tar", Redaction.reference("oci-archive:my@file.tar"));
        assertEquals("oci:/srv/a@b/layout:1", Redaction.reference("oci:/srv/a@b/layout:1"));
        assertEquals("127.0.0.1:5000/team/app:1", Redaction.reference("127.0.0.1:5000/team/app:1"));
        assertEquals("host/repo\\u000a:1", Redaction.reference("host/repo\n:1"), "escaped as value does");
    }
}
