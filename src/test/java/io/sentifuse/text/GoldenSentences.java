package io.sentifuse.text;

import java.util.List;

/**
 * Tweet-like sentences invented for the golden file (none is a real tweet): emoji (ZWJ sequences, skin tones,
 * flags, keycaps), hashtags, mentions, URLs, e-mails, accents, CJK, Japanese, Korean, Arabic, Hebrew, Cyrillic,
 * Greek, Devanagari, Thai, "??" runs where emoji were lost, the ellipsis that GB18030-decoded texts carry, control
 * and format characters, words over 100 characters, numbers, repeated punctuation, RT prefixes, HTML entities,
 * special-token look-alikes, odd whitespace, and texts long enough to be truncated.
 */
final class GoldenSentences {

    private GoldenSentences() {
    }

    static final List<String> ALL = List.of(
            "",
            "   \t \n  ",
            "Just landed in Lisbon and the sun is already out!!! 😎☀️ #travel #portugal",
            "RT @foodie_ana: best pastel de nata in town, no contest 🥧👌 https://example.com/nata?ref=tw",
            "@jmk_dev can you DM me? my email is jo.marie+tweets@example.org",
            "Family day 👨‍👩‍👧‍👦 at the beach, kids built a castle 🏰 #weekend",
            "Thumbs up 👍🏽👍🏿 for the new bike lanes 🚲 on Elm St.",
            "Go team 🇫🇷🇧🇷🇯🇵 — what a final!",
            "Press #️⃣ then 1️⃣ 2️⃣ 3️⃣ to vote",
            "I can't believe it's already Friday?? ?? ??",
            "so tired today ????? need coffee",
            "Watching the game tonight…",
            "Café au lait, crème brûlée & a naïve façade — très chic",
            "Ångström, Øresund, Ærøskøbing, Łódź, Škoda, Ğüneş",
            "İstanbul'da güzel bir gün! ŞİMDİ",
            "Die Straße ist groß, DIE STRASSE IST GROSS",
            "ΟΔΟΣ ΣΙΣΥΦΟΥ — Σίσυφος έσπρωχνε την πέτρα",
            "東京タワーから見た夜景がきれいでした！#東京",
            "今日は雨ですね。。。傘を忘れた😭",
            "我爱北京天安门，天气很好！",
            "한국어로 트윗하는 건 처음이에요 ㅋㅋㅋ",
            "مرحبا بالعالم! كيف حالك اليوم؟ 🌙",
            "שלום עולם, מה נשמע?",
            "Привет, мир! Как дела? Всё хорошо 😊",
            "नमस्ते दुनिया, आज का दिन शानदार है",
            "สวัสดีครับ วันนี้อากาศดีมาก",
            "Mixing scripts: hello世界 bonjour мир مرحبا 123",
            "Control\u0000chars\u0007in\u001Bthe\u0085middle\u00AD of text",
            "zero\u200Bwidth\u200Cjoiners\u200Dand\uFEFFBOM",
            "Replacement char \uFFFD stays? and private use \uE000\uF8FF",
            "Tabs\tand\r\nCRLF\rand\u2028line\u2029separators\u00A0nbsp\u3000ideographic space",
            "supercalifragilisticexpialidocious" + "x".repeat(80) + " is a very long word",
            "#" + "OneHashtagThatGoesOnAndOnWithoutAnySpacesBecauseTwitterUsersLoveThemAndThisOneIsWayOverOneHundredChars"
                    + " ok",
            "a".repeat(100) + " " + "b".repeat(101),
            "Price dropped from $1,299.99 to €999 (≈£850) — 23% off, 24/7 support, call 555-0123",
            "3.14159 2.71828 1e10 0x1F 1st 2nd 3rd 10:30pm 2024-03-15",
            "WOW!!!!!!! really?!?!?! no way... ok.... fine,,,, :) :( :-D ;-)",
            "&amp; &lt;3 &gt;_&lt; &quot;quoted&quot; &#39;single&#39; &nbsp;",
            "<3 <3 <3 love this &lt;3",
            "[CLS] fake [SEP] tokens [MASK] and [UNK] [PAD] in text [cls] [Mask]",
            "x[MASK]y[SEP][SEP]z",
            "ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ！ １２３ ＡＢＣ",
            "ﬁne ﬂowers ½ cup x² H₂O Ⅻ ① ② ™ ℃",
            "Math: ∑∫√∞ ≠ ≤ ≥ ± × ÷ → ⇒ ∀x∃y",
            "emoji only: 😀😃😄😁😆😅😂🤣🥲🥹🫠🫶",
            "new-ish emoji 🫨🩷🪿 and old ones ☺️✌️❤️",
            "Dashes – — ‒ ― and quotes “smart” ‘single’ «guillemets» „low“",
            "url without scheme www.example.co.uk/path/to/page.html#frag and http://t.co/AbC123xyz",
            "hash#tag mid-word, e-mail@domain, user@@double, ##double",
            "lol u r so funny 😂😂😂 #lmao #rofl #TGIF",
            "RT RT RT @a @b @c: pls share!!! 🙏🙏🙏",
            "Ḩéllö Wörld with combining: e\u0301 a\u0308 n\u0303 Z\u0336",
            "Korean jamo 각 and Hangul 각 / Devanagari क्षत्रिय",
            "Vietnamese: Tiếng Việt có dấu, Phở bò rất ngon",
            "Sentences. That end. With dots.And no spaces.Between them",
            "   leading and trailing spaces   ",
            "\n\nNew lines\n\n\nbetween\n\nparagraphs\n",
            "I love it when my flight is delayed for 5 hours. Truly the highlight of my week. "
                    + "Said no one ever. #sarcasm #travel #delayed #airport #fail #mondays #coffee #needsleep "
                    + "@airline_support any update on flight 1234? Gate changed 3 times already, now boarding at C27 "
                    + "instead of B12, and nobody announced anything… 😤😤😤 https://example.com/status/1234567890",
            "Short.",
            "?",
            "😀");
}
