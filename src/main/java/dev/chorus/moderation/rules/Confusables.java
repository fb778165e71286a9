package dev.chorus.moderation.rules;

/**
 * Letters that look like Latin ones, mapped to the Latin letter a reader sees. Hand-picked for the
 * tricks seen in chat spam (Cyrillic and Greek look-alikes, small capitals, enclosed-letter emoji);
 * not a full Unicode confusables table, which would also fold letters real chat uses.
 */
final class Confusables {

  // Pairs of (look-alike, Latin), lower case only: folding has lower-cased the text already.
  private static final String PAIRS =
      // Cyrillic
      "аaвbсcԁdеeһhіiјjкkмmнhоoрpԛqѕsтtуyхxүyԝwɡgғfӏlьb"
          // Greek
          + "αaβbεeηnιiκkνvοoρpτtυuχxγyωwμuϲcζz"
          // small capitals and other Latin look-alikes
          + "ᴀaʙbᴄcᴅdᴇeꜰfɢgʜhɪiᴊjᴋkʟlᴍmɴnᴏoᴘpʀrꜱsᴛtᴜuᴠvᴡwʏyᴢzɑaɩiȷjℓl";

  private static final char[] MAP = new char[0x10000];

  static {
    for (int i = 0; i < MAP.length; i++) {
      MAP[i] = (char) i;
    }
    for (int i = 0; i + 1 < PAIRS.length(); i += 2) {
      MAP[PAIRS.charAt(i)] = PAIRS.charAt(i + 1);
    }
    // Ideographic and half-width full stops, which NFKC keeps, read as dots.
    MAP['\u3002'] = '.';
    MAP['\uff61'] = '.';
  }

  private Confusables() {}

  static char latin(char c) {
    return MAP[c];
  }

  /**
   * Enclosed-letter emoji (negative squared 🅰–🆉, negative circled 🅐–🅩, regional indicators) as
   * the capital letter they show; NFKC leaves them alone.
   */
  static int enclosedLetter(int cp) {
    if (cp >= 0x1F170 && cp <= 0x1F189) {
      return 'A' + (cp - 0x1F170);
    }
    if (cp >= 0x1F150 && cp <= 0x1F169) {
      return 'A' + (cp - 0x1F150);
    }
    if (cp >= 0x1F1E6 && cp <= 0x1F1FF) {
      return 'A' + (cp - 0x1F1E6);
    }
    return cp;
  }
}
