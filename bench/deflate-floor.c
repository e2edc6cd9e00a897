/*
 * The floor under Strata's gzip engine (issue 14), for bench/gzip.sh: libdeflate itself, with no
 * JVM, no tar, no hashing and no threads, compressing FILE the way Strata cuts a layer (one gzip
 * member per 1 MiB block) at LEVEL. Prints the compressed size; bench/gzip.sh times the process.
 * Built against the libdeflate.so.0 that Strata loads (the two functions are declared here, so the
 * -dev package is not needed).  Usage: deflate-floor FILE LEVEL
 */
#include <stdio.h>
#include <stdlib.h>

struct libdeflate_compressor;
struct libdeflate_compressor *libdeflate_alloc_compressor(int level);
size_t libdeflate_gzip_compress(struct libdeflate_compressor *c, const void *in, size_t in_size,
                                void *out, size_t out_avail);
size_t libdeflate_gzip_compress_bound(struct libdeflate_compressor *c, size_t in_size);

enum { BLOCK = 1 << 20 };

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: deflate-floor FILE LEVEL\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(atoi(argv[2]));
    if (!c) {
        fprintf(stderr, "deflate-floor: no compressor at level %s\n", argv[2]);
        return 1;
    }
    size_t bound = libdeflate_gzip_compress_bound(c, BLOCK);
    char *in = malloc(BLOCK), *out = malloc(bound);
    unsigned long long total = 0;
    size_t n;
    while ((n = fread(in, 1, BLOCK, f)) > 0) {
        size_t m = libdeflate_gzip_compress(c, in, n, out, bound);
        if (m == 0) {
            fprintf(stderr, "deflate-floor: compression failed\n");
            return 1;
        }
        total += m;
    }
    printf("%llu\n", total);
    return 0;
}
