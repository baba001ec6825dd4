package dev.feedline.it.push;

/**
 * The worked examples of the Web Push RFCs, copied from their text (base64url, line breaks
 * removed): the values every implementation must reproduce.
 */
public final class RfcExamples {
  private RfcExamples() {}

  /** RFC 8291 section 5 and appendix A: one message encrypted with fixed keys and salt. */
  public static final class Rfc8291 {
    private Rfc8291() {}

    public static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    public static final String PLAINTEXT_BASE64URL =
        "V2hlbiBJIGdyb3cgdXAsIEkgd2FudCB0byBiZSBhIHdhdGVybWVsb24";

    /** The application server's ephemeral key pair ({@code as_public}, {@code as_private}). */
    public static final String AS_PUBLIC =
        "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";

    public static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";

    /** The user agent's subscription key pair ({@code ua_public} is the p256dh). */
    public static final String UA_PUBLIC =
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";

    public static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    public static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    public static final String AUTH_SECRET = "BTBZMqHH6r4Tts7J_aSIgg";

    // Appendix A's intermediate values, in the order they are computed.
    public static final String ECDH_SECRET = "kyrL1jIIOHEzg3sM2ZWRHDRB62YACZhhSlknJ672kSs";
    public static final String PRK_KEY = "Snr3JMxaHVDXHWJn5wdC52WjpCtd2EIEGBykDcZW32k";
    public static final String IKM = "S4lYMb_L0FxCeq0WhDx813KgSYqU26kOyzWUdsXYyrg";
    public static final String PRK = "09_eUZGrsvxChDCGRCdkLiDXrReGOEVeSCdCcPBSJSc";
    public static final String CEK = "oIhVW04MRdy2XN9CiKLxTg";
    public static final String NONCE = "4h_95klXJ5E_qnoN";

    public static final String HEADER =
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYW"
            + "AmS6TlzAC8wEqKK6PBru3jl7A8";
    public static final String CIPHERTEXT =
        "8pfeW0KbunFT06SuDKoJH9Ql87S1QUrdirN6GcG7sFz1y1sqLgVi1VhjVkHsUoEsbI_0LpXMuGvnzQ";

    /** Section 5: the whole request body, header and ciphertext (144 bytes). */
    public static final String BODY =
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYW"
            + "AmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexS"
            + "gSxsj_Qulcy4a-fN";
  }

  /** RFC 8292 section 2.4: a VAPID header for push.example.net, expired since January 2016. */
  public static final class Rfc8292 {
    private Rfc8292() {}

    public static final String TOKEN =
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9.eyJhdWQiOiJodHRwczovL3B1c2guZXhhbXBsZS5uZXQiLCJleHAi"
            + "OjE0NTM1MjM3NjgsInN1YiI6Im1haWx0bzpwdXNoQGV4YW1wbGUuY29tIn0.i3CYb7t4xfxCDquptFOepC9GAu_"
            + "HLGkMlMuCGSK2rpiUfnK9ojFwDXb1JrErtmysazNjjvW2L9OkSSHzvoD1oA";
    public static final String KEY =
        "BA1Hxzyi1RUM1b5wjxsn7nGxAszw2u61m164i3MrAIxHF6YK5h4SDYic-dRuU_RCPCfA5aq9ojSwk5Y2EmClBPs";
    public static final String AUDIENCE = "https://push.example.net";
    public static final String SUBJECT = "mailto:push@example.com";
    public static final long EXPIRY = 1453523768L;
  }
}
