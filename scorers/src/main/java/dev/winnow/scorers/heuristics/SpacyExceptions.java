package dev.winnow.scorers.heuristics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The special cases of spaCy's blank English tokenizer (contractions, abbreviations, emoticons), rebuilt
 * from the rules spaCy generates them with. A chunk of text that equals a key becomes exactly the listed
 * tokens. Word counts and sentence counts in the Gopher/C4/FineWeb rules depend on these ("don't" is two
 * words, "Mr." does not end a sentence).
 */
final class SpacyExceptions {
  private SpacyExceptions() {
  }

  static final Map<String, String[]> EXCEPTIONS = build();

  private static Map<String, String[]> build() {
    Map<String, String[]> exc = new HashMap<>();
    for (String orth : new String[] {" ", "\t", "\\t", "\n", "\\n", "\u2014", "\u00a0", "'", "''", "C++",
        "ä.", "ö.", "ü."}) {
      single(exc, orth);
    }
    for (char c = 'a'; c <= 'z'; c++) {
      single(exc, c + ".");
    }
    String emoticons = ":) :-) :)) :-)) :))) :-))) (: (-: =) (= \" :] :-] [: [-: [= =] :o) (o: :} :-} 8) 8-) "
        + "(-8 ;) ;-) (; (-; :( :-( :(( :-(( :((( :-((( ): )-: =( >:( :') :'-) :'( :'-( :/ :-/ =/ =| :| :-| ]= "
        + "=[ :1 :P :-P :p :-p :O :-O :o :-o :0 :-0 :() >:o :* :-* :3 :-3 =3 :> :-> :X :-X :x :-x :D :-D ;D ;-D "
        + "=D xD XD xDD XDD 8D 8-D ^_^ ^__^ ^___^ >.< >.> <.< ._. ;_; -_- -__- v.v V.V v_v V_V o_o o_O O_o O_O "
        + "0_o o_0 0_0 o.O O.o O.O o.o 0.0 o.0 0.o @_@ <3 <33 <333 </3 (^_^) (-_-) (._.) (>_<) (*_*) (¬_¬) ಠ_ಠ "
        + "ಠ︵ಠ (ಠ_ಠ) ¯\\(ツ)/¯ (╯°□°）╯︵┻━┻ ><(((*>";
    for (String e : emoticons.split(" ")) {
      single(exc, e);
    }
    for (String u : new String[] {"c", "f", "k", "C", "F", "K"}) {
      exc.put("°" + u + ".", new String[] {"°", u, "."});
    }

    for (String orth : new String[] {"i", "I"}) {
      exc.put(orth + "'m", new String[] {orth, "'m"});
      exc.put(orth + "m", new String[] {orth, "m"});
      exc.put(orth + "'ma", new String[] {orth, "'m", "a"});
      exc.put(orth + "ma", new String[] {orth, "m", "a"});
    }
    for (String pron : List.of("i", "you", "he", "she", "it", "we", "they")) {
      for (String orth : cased(pron)) {
        withSuffixes(exc, orth, "'ll", "ll");
        exc.put(orth + "'ll've", new String[] {orth, "'ll", "'ve"});
        exc.put(orth + "llve", new String[] {orth, "ll", "ve"});
        withSuffixes(exc, orth, "'d", "d");
        exc.put(orth + "'d've", new String[] {orth, "'d", "'ve"});
        exc.put(orth + "dve", new String[] {orth, "d", "ve"});
      }
    }
    for (String pron : List.of("i", "you", "we", "they")) {
      for (String orth : cased(pron)) {
        withSuffixes(exc, orth, "'ve", "ve");
      }
    }
    for (String pron : List.of("you", "we", "they")) {
      for (String orth : cased(pron)) {
        withSuffixes(exc, orth, "'re", "re");
      }
    }
    for (String pron : List.of("he", "she", "it")) {
      for (String orth : cased(pron)) {
        withSuffixes(exc, orth, "'s", "s");
      }
    }
    for (String word : List.of("who", "what", "when", "where", "why", "how", "there", "that")) {
      for (String orth : cased(word)) {
        withSuffixes(exc, orth, "'s", "s");
        withSuffixes(exc, orth, "'ll", "ll");
        exc.put(orth + "'ll've", new String[] {orth, "'ll", "'ve"});
        exc.put(orth + "llve", new String[] {orth, "ll", "ve"});
        withSuffixes(exc, orth, "'re", "re");
        withSuffixes(exc, orth, "'ve", "ve");
        withSuffixes(exc, orth, "'d", "d");
        exc.put(orth + "'d've", new String[] {orth, "'d", "'ve"});
        exc.put(orth + "dve", new String[] {orth, "d", "ve"});
      }
    }
    for (String verb : List.of("ca", "could", "do", "does", "did", "had", "may", "might", "must", "need", "ought",
        "sha", "should", "wo", "would")) {
      for (String orth : cased(verb)) {
        withSuffixes(exc, orth, "n't", "nt");
        exc.put(orth + "n't've", new String[] {orth, "n't", "'ve"});
        exc.put(orth + "ntve", new String[] {orth, "nt", "ve"});
      }
    }
    for (String verb : List.of("could", "might", "must", "should", "would")) {
      for (String orth : cased(verb)) {
        withSuffixes(exc, orth, "'ve", "ve");
      }
    }
    for (String verb : List.of("ai", "are", "is", "was", "were", "have", "has", "dare")) {
      for (String orth : cased(verb)) {
        withSuffixes(exc, orth, "n't", "nt");
      }
    }
    for (String w : List.of("doin", "goin", "nothin", "nuthin", "ol", "somethin")) {
      for (String orth : cased(w)) {
        single(exc, orth);
        single(exc, orth + "'");
      }
    }
    for (String w : List.of("em", "ll", "nuff")) {
      for (String orth : cased(w)) {
        single(exc, "'" + orth);
      }
    }
    for (int h = 1; h <= 12; h++) {
      for (String period : List.of("a.m.", "am", "p.m.", "pm")) {
        exc.put(h + period, new String[] {String.valueOf(h), period});
      }
    }
    exc.put("y'all", new String[] {"y'", "all"});
    exc.put("yall", new String[] {"y", "all"});
    exc.put("how'd'y", new String[] {"how", "'d", "'y"});
    exc.put("How'd'y", new String[] {"How", "'d", "'y"});
    for (String orth : cased("not")) {
      exc.put(orth + "'ve", new String[] {orth, "'ve"});
      exc.put(orth + "ve", new String[] {orth, "ve"});
    }
    exc.put("cannot", new String[] {"can", "not"});
    exc.put("Cannot", new String[] {"Can", "not"});
    exc.put("gonna", new String[] {"gon", "na"});
    exc.put("Gonna", new String[] {"Gon", "na"});
    exc.put("gotta", new String[] {"got", "ta"});
    exc.put("Gotta", new String[] {"Got", "ta"});
    exc.put("let's", new String[] {"let", "'s"});
    exc.put("Let's", new String[] {"Let", "'s"});
    exc.put("c'mon", new String[] {"c'm", "on"});
    exc.put("C'mon", new String[] {"C'm", "on"});
    for (String orth : ("'S 's \u2018S \u2018s and/or w/o 're 'Cause 'cause 'cos 'Cos 'coz 'Coz 'cuz 'Cuz 'bout "
        + "ma'am Ma'am o'clock O'clock lovin' Lovin' lovin Lovin havin' Havin' havin Havin doin' Doin' doin Doin "
        + "goin' Goin' goin Goin Mt. Ak. Ala. Apr. Ariz. Ark. Aug. Calif. Colo. Conn. Dec. Del. Feb. Fla. Ga. Ia. "
        + "Id. Ill. Ind. Jan. Jul. Jun. Kan. Kans. Ky. La. Mar. Mass. May. Mich. Minn. Miss. N.C. N.D. N.H. N.J. "
        + "N.M. N.Y. Neb. Nebr. Nev. Nov. Oct. Okla. Ore. Pa. S.C. Sep. Sept. Tenn. Va. Wash. Wis. "
        + "'d a.m. Adm. Bros. co. Co. Corp. D.C. Dr. e.g. E.g. E.G. Gen. Gov. i.e. I.e. I.E. Inc. Jr. Ltd. Md. "
        + "Messrs. Mo. Mont. Mr. Mrs. Ms. p.m. Ph.D. Prof. Rep. Rev. Sen. St. vs. v.s.").split(" ")) {
      single(exc, orth);
    }
    for (String excluded : List.of("Ill", "ill", "Its", "its", "Hell", "hell", "Shell", "shell", "Shed", "shed",
        "were", "Were", "Well", "well", "Whore", "whore")) {
      exc.remove(excluded);
    }
    return exc;
  }

  private static List<String> cased(String w) {
    return List.of(w, Character.toUpperCase(w.charAt(0)) + w.substring(1));
  }

  private static void single(Map<String, String[]> exc, String orth) {
    exc.put(orth, new String[] {orth});
  }

  private static void withSuffixes(Map<String, String[]> exc, String orth, String apos, String bare) {
    exc.put(orth + apos, new String[] {orth, apos});
    exc.put(orth + bare, new String[] {orth, bare});
  }
}
