# iana-etc: /etc/protocols and /etc/services (a subset of IANA's registries).
{ lib, stdenv }:

stdenv.mkDerivation rec {
  pname = "iana-etc";
  version = "20231227";

  buildCommand = ''
    mkdir -p $out/etc
    cat > $out/etc/protocols <<'EOF_PROTO'
    # Internet protocols (IANA registry subset, iana-etc ${version})
    ip	0	IP
    icmp	1	ICMP
    igmp	2	IGMP
    tcp	6	TCP
    udp	17	UDP
    ipv6	41	IPv6
    ipv6-route	43	IPv6-Route
    ipv6-frag	44	IPv6-Frag
    gre	47	GRE
    esp	50	ESP
    ah	51	AH
    ipv6-icmp	58	IPv6-ICMP
    ipv6-nonxt	59	IPv6-NoNxt
    ipv6-opts	60	IPv6-Opts
    sctp	132	SCTP
    udplite	136	UDPLite
    EOF_PROTO
    cat > $out/etc/services <<'EOF_SERV'
    # Network services (IANA registry subset, iana-etc ${version})
    ftp-data	20/tcp
    ftp	21/tcp
    ssh	22/tcp
    telnet	23/tcp
    smtp	25/tcp	mail
    domain	53/tcp
    domain	53/udp
    bootps	67/udp
    bootpc	68/udp
    tftp	69/udp
    http	80/tcp	www
    kerberos	88/tcp
    pop3	110/tcp
    sunrpc	111/tcp
    ntp	123/udp
    imap	143/tcp
    snmp	161/udp
    ldap	389/tcp
    https	443/tcp
    https	443/udp
    submission	587/tcp
    ldaps	636/tcp
    imaps	993/tcp
    pop3s	995/tcp
    mysql	3306/tcp
    postgresql	5432/tcp
    redis	6379/tcp
    http-alt	8080/tcp
    EOF_SERV
  '';

  meta = {
    description = "IANA protocol and port number assignments (/etc/protocols and /etc/services)";
    homepage = "https://github.com/Mic92/iana-etc";
    license = lib.licenses.mit;
  };
}
