// Tersify's stopword lists, written for Tersify (not copied from another
// list). One string literal per language and level, words separated by
// spaces and line breaks, lowercase, NFC, ASCII apostrophes.
//
// What goes where:
//
// - light: articles and pure fillers (intensifiers and hedges that do not
//   change what a sentence claims: "very", "really", "basically").
// - full: light plus personal, possessive and demonstrative pronouns, the
//   primary auxiliaries (be, have, do and their equivalents, and the future
//   "will"), the prepositions that carry little meaning (of, to, in, on, at,
//   by, for, with, from) and the conjunction "and" and complementiser "that".
//
// Left out on purpose, at every level: negations (see `_negationList`),
// modal verbs (can, must, should, may: they change what is claimed),
// interrogatives (what, who, which, where, when, why, how), conjunctions that
// carry logic (or, but, if, because, unless, although, whether), prepositions
// of opposition, exclusion, order or place (against, except, before, after,
// under, between, until), quantifiers (all, some, any, many, more, most,
// few), and temporal adverbs (still, already, yet).
//
// Negations are never stopwords, whatever the language: the union of all
// eight negation lists is checked before any list (so Portuguese "no", "in
// the", and Italian "ne", "of it", are never dropped either: they are
// negations in Spanish and French, and a paragraph can be misdetected).

extension Stopwords {
    /// The light list of a language (articles and fillers).
    static func _lightList(_ language: Language) -> String {
        switch language {
        case .english:
            """
            a an the
            just really very basically actually literally quite somewhat totally essentially truly
            """
        case .german:
            """
            der die das den dem des ein eine einen einem einer eines
            sehr wirklich eigentlich halt quasi sozusagen ziemlich
            """
        case .french:
            """
            le la les un une des du
            très vraiment simplement franchement carrément voilà
            """
        case .spanish:
            """
            el la los las un una unos unas
            muy realmente básicamente simplemente literalmente pues
            """
        case .portuguese:
            """
            o a os as um uma uns umas
            muito realmente basicamente simplesmente literalmente
            """
        case .italian:
            """
            il lo la i gli le un uno una
            molto davvero veramente praticamente semplicemente fondamentalmente letteralmente
            """
        case .dutch:
            """
            de het een
            echt zeer eigenlijk
            """
        case .russian:
            """
            очень просто вот ну же ведь вообще действительно буквально собственно
            """
        case .cjk, .otherScript, .otherLanguage, .unknown:
            ""
        }
    }

    /// The words a language's full list adds to its light list (pronouns,
    /// auxiliaries, prepositions, conjunctions).
    static func _fullList(_ language: Language) -> String {
        switch language {
        case .english:
            """
            i me my mine myself you your yours yourself yourselves he him his himself
            she her hers herself it its itself we us our ours ourselves they them their
            theirs themselves this that these those there
            i'm i've i'd i'll you're you've you'd you'll he's he'd he'll she's she'd she'll
            it's it'd it'll we're we've we'd we'll they're they've they'd they'll that's there's
            let's
            am is are was were be been being have has had having do does did will
            of to in on at by for with from into onto upon about as through
            and also then
            """
        case .german:
            """
            ich mich mir mein meine meinen meinem meiner meines du dich dir dein deine
            deinen deinem deiner deines er ihn ihm sein seine seinen seinem seiner seines
            sie ihr ihre ihren ihrem ihrer ihres es wir uns unser unsere unseren unserem
            unserer unseres euch euer eure euren eurem eurer eures man sich
            dieser diese dieses diesen diesem
            bin bist ist sind seid war warst waren wart gewesen habe hast hat haben habt
            hatte hattest hatten hattet gehabt werde wirst wird werden werdet wurde wurden worden
            in im ins an am ans auf aus bei beim mit nach von vom zu zum zur für um durch
            und dass daß sowie auch dann
            """
        case .french:
            """
            je me moi tu te toi il elle on nous vous ils elles se lui leur leurs eux
            mon ma mes ton ta tes son sa ses notre nos votre vos
            ce cet cette ces ceci cela ça qui que dont y en c'est c'était
            suis es est sommes êtes sont été étais était étions étiez étaient être
            ai as a avons avez ont avais avait avions aviez avaient eu avoir sera seront
            de à au aux dans par pour sur avec chez vers
            et comme aussi puis
            """
        case .spanish:
            """
            yo me mi mis mí conmigo tú te ti tu tus él ella ello lo le les se su sus
            nos nosotros nosotras vosotros vosotras os vuestro vuestra vuestros vuestras
            ellos ellas usted ustedes este esta esto estos estas ese esa eso esos esas
            aquel aquella aquello aquellos aquellas
            es son soy eres somos sois era eran fue fueron ser sido siendo está están estoy
            estás estamos estaba estaban estar estado he has ha hemos habéis han había habían
            haber habido hay
            de del a al en con por para desde sobre hacia
            y e que como también
            """
        case .portuguese:
            """
            eu me mim comigo tu te ti você vocês ele ela eles elas lhe lhes si nós vos
            meu minha meus minhas teu tua teus tuas seu sua seus suas nosso nossa nossos nossas
            dele dela deles delas este esta isto estes estas esse essa isso esses essas
            aquele aquela aquilo aqueles aquelas
            é são sou és somos era eram foi foram ser sido está estão estou estás estamos
            estava estavam estar estado tem têm tenho temos tinha tinham ter tido há
            de do da dos das em na nas ao aos à às com por pelo pela pelos pelas para
            num numa sobre
            e que como também
            """
        case .italian:
            """
            io me mi tu te ti lui lei egli ella esso essa noi ci voi vi loro li si
            mio mia miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra nostri nostre
            vostro vostra vostri vostre questo questa questi queste quello quella quelli quelle
            che cui
            è sono sei siamo siete era erano fu furono essere stato stata stati state
            ho hai ha abbiamo avete hanno aveva avevano avere avuto
            di del dello della dei degli delle a al allo alla ai agli alle da dal dallo dalla
            dai dagli dalle in nel nello nella nei negli nelle con col su sul sullo sulla sui
            sugli sulle per tra fra
            e ed come anche
            """
        case .dutch:
            """
            ik me mij mijn je jij jou jouw u uw hij hem zijn zij ze haar wij we ons onze
            jullie hun hen zich die dat deze dit er
            ben bent is was waren wordt worden werd werden geworden heb hebt heeft hebben
            had hadden gehad zal zult zullen
            van in op aan met voor bij naar om uit door te
            en als ook
            """
        case .russian:
            """
            я меня мне мной ты тебя тебе тобой он его ему им нём она её ее ей ней ею оно
            мы нас нам нами вы вас вам вами они их ими них себя себе собой
            мой моя моё мое мои моего моей моих твой твоя твоё твое твои свой своя своё свое
            свои своего своей своих наш наша наше наши ваш ваша ваше ваши
            этот эта это эти этого этой этих этому этим тот та то те того той тех
            который которая которое которые которого которой которых котором которым
            быть был была было были будет будут буду будем есть является являются
            в во на с со к ко по о об обо от из у за для при про через
            и а что также тоже
            """
        case .cjk, .otherScript, .otherLanguage, .unknown:
            ""
        }
    }

    /// The negations of a language: never dropped, in any language.
    ///
    /// English "n't" contractions (don't, isn't, can't, won't) and French
    /// words starting with "n'" (n'est, n'a) are negations by their form and
    /// need no entry.
    static func _negationList(_ language: Language) -> String {
        switch language {
        case .english:
            "not no never nor none nothing nobody neither without cannot nowhere noone"
        case .german:
            """
            nicht kein keine keinen keinem keiner keines nie niemals nichts ohne niemand
            niemandem niemanden nirgends nirgendwo weder keinesfalls keineswegs
            """
        case .french:
            "ne n' pas jamais rien aucun aucune personne sans ni nul nulle nullement guère non"
        case .spanish:
            "no nunca jamás nada nadie ningún ninguno ninguna ningunos ningunas ni sin tampoco"
        case .portuguese:
            "não nunca jamais nada ninguém nenhum nenhuma nenhuns nenhumas sem nem tampouco"
        case .italian:
            "non mai niente nulla nessuno nessuna nessun senza né neanche nemmeno neppure no"
        case .dutch:
            "niet geen nooit niets niemand zonder noch nergens geenszins"
        case .russian:
            """
            не нет ни никогда ничего ничто никто никого никому никем ничем нигде никуда никак
            без нельзя
            """
        case .cjk, .otherScript, .otherLanguage, .unknown:
            ""
        }
    }
}
