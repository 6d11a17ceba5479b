"""Sentences for bench/eval_speech.py: espeak-ng reads them (Mandarin as pinyin with
tone numbers, made from the characters with pypinyin; Japanese in kana, since it
spells kanji out). The tuned and held-out sets share no sentence."""

from __future__ import annotations

TEXTS: dict[str, dict[str, list[str]]] = {
    "tuned": {
        "zh": [
            "今天我想谈谈我对艺术的理解。",
            "我从小就喜欢画画，也喜欢唱歌。",
            "这首诗写的是春天的景色和对家乡的思念。",
            "我觉得练习最重要的是坚持和耐心。",
            "老师告诉我们要多观察生活中的细节。",
            "下面我来朗诵一段我最喜欢的散文。",
            "在舞台上表演的时候，我会很投入。",
            "谢谢各位老师，我的回答完了。",
        ],
        "en": [
            "Today I would like to talk about what art means to me.",
            "I started painting when I was a small child.",
            "This poem describes the colours of spring and a longing for home.",
            "I believe that practice and patience matter more than talent.",
            "My teacher always told us to look closely at everyday life.",
            "Next I will recite a short passage that I love.",
            "When I perform on stage, I forget everything else.",
            "Thank you very much, that is the end of my answer.",
        ],
        "ja": [
            "きょうは、わたしにとっての げいじゅつに ついて はなします。",
            "わたしは ちいさい ころから えを かくのが すきでした。",
            "この しは はるの けしきと ふるさとへの おもいを えがいています。",
            "れんしゅうで いちばん たいせつなのは つづける ことです。",
            "せんせいは いつも せいかつを よく みなさいと いいました。",
            "つぎに、わたしの すきな ぶんしょうを よみます。",
        ],
        "ru": [
            "Сегодня я хочу рассказать, что для меня значит искусство.",
            "Я начал рисовать, когда был совсем маленьким.",
            "Это стихотворение описывает весну и тоску по дому.",
            "Я думаю, что терпение важнее таланта.",
            "Наш учитель всегда говорил внимательно смотреть на жизнь.",
            "Сейчас я прочитаю небольшой отрывок, который я люблю.",
        ],
        "fr": [
            "Aujourd'hui, je voudrais parler de ce que l'art signifie pour moi.",
            "J'ai commencé à dessiner quand j'étais tout petit.",
            "Ce poème décrit les couleurs du printemps et la nostalgie du pays.",
            "Je pense que la patience compte plus que le talent.",
            "Notre professeur nous disait toujours d'observer la vie.",
            "Je vais maintenant réciter un court passage que j'aime.",
        ],
        "de": [
            "Heute möchte ich darüber sprechen, was Kunst für mich bedeutet.",
            "Ich habe als kleines Kind angefangen zu zeichnen.",
            "Dieses Gedicht beschreibt den Frühling und die Sehnsucht nach Hause.",
            "Ich glaube, Geduld ist wichtiger als Talent.",
            "Unser Lehrer sagte immer, wir sollen das Leben genau beobachten.",
            "Jetzt trage ich einen kurzen Text vor, den ich sehr mag.",
        ],
        "es": [
            "Hoy quiero hablar de lo que el arte significa para mí.",
            "Empecé a dibujar cuando era muy pequeño.",
            "Este poema describe la primavera y la nostalgia de mi tierra.",
            "Creo que la paciencia importa más que el talento.",
            "Nuestro profesor siempre decía que observáramos la vida.",
            "Ahora voy a recitar un pasaje corto que me encanta.",
        ],
    },
    "holdout": {
        "zh": [
            "我报考的专业是音乐表演，主修声乐。",
            "这幅作品表达了城市里人们的孤独。",
            "小时候外婆经常给我讲民间故事。",
            "每天早上我都会练习一个小时的发声。",
            "我认为好的作品首先要真诚。",
            "接下来我将演唱一首民歌。",
            "如果能被录取，我会更加努力学习。",
            "我的自我介绍就到这里，谢谢。",
        ],
        "en": [
            "The subject I have chosen is vocal performance.",
            "This picture shows how lonely people can feel in a big city.",
            "My grandmother used to tell me old folk stories every night.",
            "Every morning I spend an hour practising my breathing.",
            "I think a good work of art must above all be honest.",
            "Now I am going to sing a traditional folk song.",
            "If I am admitted, I will work even harder.",
            "That is all for my introduction, thank you.",
        ],
        "ja": [
            "わたしが えらんだ せんもんは おんがくの えんそうです。",
            "この さくひんは とかいに すむ ひとの さびしさを あらわしています。",
            "まいあさ いちじかん はっせいの れんしゅうを しています。",
            "よい さくひんは まず しょうじきで あるべきだと おもいます。",
            "これから みんようを ひとつ うたいます。",
            "いじょうで じこしょうかいを おわります。ありがとうございました。",
        ],
        "ru": [
            "Я выбрал специальность вокальное исполнение.",
            "Эта картина показывает одиночество людей в большом городе.",
            "Бабушка каждый вечер рассказывала мне старые сказки.",
            "Каждое утро я час занимаюсь дыханием.",
            "Сейчас я исполню народную песню.",
            "На этом моё выступление закончено, спасибо.",
        ],
        "fr": [
            "La spécialité que j'ai choisie est le chant.",
            "Ce tableau montre la solitude des gens dans une grande ville.",
            "Ma grand-mère me racontait des contes tous les soirs.",
            "Chaque matin, je travaille ma respiration pendant une heure.",
            "Je vais maintenant chanter une chanson populaire.",
            "C'est tout pour ma présentation, merci beaucoup.",
        ],
        "de": [
            "Mein gewähltes Fach ist Gesang.",
            "Dieses Bild zeigt die Einsamkeit der Menschen in einer großen Stadt.",
            "Meine Großmutter hat mir jeden Abend alte Märchen erzählt.",
            "Jeden Morgen übe ich eine Stunde lang das Atmen.",
            "Jetzt singe ich ein altes Volkslied.",
            "Das war meine Vorstellung, vielen Dank.",
        ],
        "es": [
            "La especialidad que he elegido es el canto.",
            "Este cuadro muestra la soledad de la gente en una gran ciudad.",
            "Mi abuela me contaba cuentos antiguos todas las noches.",
            "Cada mañana practico la respiración durante una hora.",
            "Ahora voy a cantar una canción popular.",
            "Eso es todo por mi presentación, muchas gracias.",
        ],
    },
}

# A candidate who states name and number, and one who only says similar sounds
# (掌握 zhang wo, 伟大 wei da, 二零二五年): the roster names 张伟 / 李娜, numbers below.
IDENTITY = {
    "tuned": ("张伟", "2026105", "大家好，我叫张伟，我的考号是二零二六一零五。"),
    "holdout": ("李娜", "2026205", "老师好，我是李娜，考生号二零二六二零五。"),
}
SIMILAR = {
    "tuned": "掌握基本功很重要，这是一部伟大的作品，二零二五年我开始学习。",
    "holdout": "理念很重要，哪怕失败也不要放弃，二零二四年我第一次登台。",
}

# espeak-ng voice variants and speeds per set (the held-out set never used in tuning)
VOICES = {"tuned": ("", "+m3", "+f2"), "holdout": ("+f4", "+m5", "+klatt2")}
SPEEDS = {"tuned": (150, 165), "holdout": (140, 175)}
ESPEAK_VOICE = {"zh": "cmn", "en": "en", "ja": "ja", "ru": "ru", "fr": "fr", "de": "de", "es": "es"}
