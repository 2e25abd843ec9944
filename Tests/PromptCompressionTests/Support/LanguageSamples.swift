import PromptCompression

/// Labelled paragraphs written for Tersify's tests (not taken from any
/// corpus): Spanish, Portuguese, Italian and Dutch, which the Debian corpus
/// lacks, and a few of the other languages. Everyday topics, some with
/// numbers, names and an English loanword or two, as prompts have.
enum LanguageSamples {
    static let spanish = [
        """
        El servidor dejó de responder a las tres de la mañana y nadie se dio cuenta hasta que los \
        clientes empezaron a llamar. Revisamos los registros y encontramos que el disco estaba lleno: \
        una tarea de copia de seguridad había guardado cada archivo dos veces.
        """,
        """
        ¿Cuánto tiempo se tarda en aprender a programar? Depende de lo que quieras hacer. Para \
        escribir pequeños scripts que te ahorren trabajo basta con unas semanas; para construir un \
        sistema grande hacen falta años de práctica y muchos errores.
        """,
        """
        La receta es sencilla: se cortan las patatas en rodajas finas, se fríen a fuego lento con \
        aceite de oliva y una cebolla, y luego se mezclan con seis huevos batidos. El secreto está \
        en no tener prisa y en darle la vuelta a la tortilla con un plato.
        """,
        """
        Mi abuela vivía en un pueblo pequeño de la montaña, donde el invierno era largo y la nieve \
        cubría los caminos durante semanas. Nunca tuvo televisión, pero conocía todas las historias \
        de sus vecinos y las contaba mejor que cualquier novela.
        """,
        """
        Según el informe publicado ayer, las ventas del tercer trimestre crecieron un 12 % respecto \
        al año anterior, sobre todo gracias a los mercados de América Latina. La empresa espera \
        mantener ese ritmo, aunque reconoce que los costes de transporte siguen subiendo.
        """,
        """
        Para instalar el programa, descarga el archivo desde la página oficial y ejecútalo con \
        permisos de administrador. Si aparece un mensaje de error, comprueba que tienes espacio \
        suficiente en el disco y que ninguna otra aplicación está usando el puerto 8080.
        """,
    ]

    static let portuguese = [
        """
        O servidor parou de responder às três da manhã e ninguém percebeu até que os clientes \
        começaram a ligar. Analisamos os registros e descobrimos que o disco estava cheio: uma \
        tarefa de backup tinha guardado cada arquivo duas vezes.
        """,
        """
        Quanto tempo leva para aprender a programar? Depende do que você quer fazer. Para escrever \
        pequenos scripts que poupam trabalho bastam algumas semanas; para construir um sistema \
        grande são necessários anos de prática e muitos erros.
        """,
        """
        A receita é simples: cortam-se as batatas em fatias finas, fritam-se em fogo brando com \
        azeite e uma cebola, e depois misturam-se com seis ovos batidos. O segredo está em não ter \
        pressa e em virar a omelete com a ajuda de um prato.
        """,
        """
        A minha avó morava numa aldeia pequena na serra, onde o inverno era comprido e a neve \
        cobria os caminhos durante semanas. Nunca teve televisão, mas conhecia todas as histórias \
        dos vizinhos e contava-as melhor do que qualquer romance.
        """,
        """
        Segundo o relatório publicado ontem, as vendas do terceiro trimestre cresceram 12 % em \
        relação ao ano anterior, sobretudo graças aos mercados da América do Sul. A empresa espera \
        manter esse ritmo, embora reconheça que os custos de transporte continuam a subir.
        """,
        """
        Para instalar o programa, baixe o arquivo da página oficial e execute-o com permissões de \
        administrador. Se aparecer uma mensagem de erro, verifique se há espaço suficiente no disco \
        e se nenhum outro aplicativo está usando a porta 8080.
        """,
    ]

    static let italian = [
        """
        Il server ha smesso di rispondere alle tre del mattino e nessuno se ne è accorto finché i \
        clienti non hanno cominciato a telefonare. Abbiamo controllato i registri e scoperto che il \
        disco era pieno: un'operazione di backup aveva salvato ogni file due volte.
        """,
        """
        Quanto tempo ci vuole per imparare a programmare? Dipende da quello che vuoi fare. Per \
        scrivere piccoli script che ti fanno risparmiare lavoro bastano poche settimane; per \
        costruire un sistema grande servono anni di pratica e molti errori.
        """,
        """
        La ricetta è semplice: si tagliano le patate a fette sottili, si friggono a fuoco lento con \
        l'olio d'oliva e una cipolla, e poi si mescolano con sei uova sbattute. Il segreto sta nel \
        non avere fretta e nel girare la frittata aiutandosi con un piatto.
        """,
        """
        Mia nonna viveva in un piccolo paese di montagna, dove l'inverno era lungo e la neve copriva \
        le strade per settimane. Non ha mai avuto la televisione, ma conosceva tutte le storie dei \
        vicini e le raccontava meglio di qualsiasi romanzo.
        """,
        """
        Secondo il rapporto pubblicato ieri, le vendite del terzo trimestre sono cresciute del 12 % \
        rispetto all'anno precedente, soprattutto grazie ai mercati dell'America Latina. L'azienda \
        spera di mantenere questo ritmo, anche se i costi di trasporto continuano a salire.
        """,
        """
        Per installare il programma, scarica il file dalla pagina ufficiale ed eseguilo con i \
        permessi di amministratore. Se compare un messaggio di errore, controlla di avere abbastanza \
        spazio sul disco e che nessun'altra applicazione stia usando la porta 8080.
        """,
    ]

    static let dutch = [
        """
        De server reageerde om drie uur 's nachts niet meer en niemand merkte het tot de klanten \
        begonnen te bellen. We hebben de logbestanden bekeken en ontdekten dat de schijf vol was: \
        een back-uptaak had elk bestand twee keer opgeslagen.
        """,
        """
        Hoe lang duurt het om te leren programmeren? Dat hangt af van wat je wilt doen. Voor kleine \
        scripts die je werk besparen zijn een paar weken genoeg; voor een groot systeem heb je jaren \
        oefening nodig en maak je veel fouten.
        """,
        """
        Het recept is eenvoudig: snijd de aardappelen in dunne plakjes, bak ze langzaam in \
        olijfolie met een ui, en meng ze daarna met zes losgeklopte eieren. Het geheim is dat je \
        geen haast hebt en de omelet met behulp van een bord omdraait.
        """,
        """
        Mijn oma woonde in een klein dorp in de bergen, waar de winter lang was en de sneeuw de \
        wegen wekenlang bedekte. Ze had nooit een televisie, maar ze kende alle verhalen van de \
        buren en vertelde ze beter dan welke roman ook.
        """,
        """
        Volgens het rapport dat gisteren is verschenen, stegen de verkopen in het derde kwartaal \
        met 12 % ten opzichte van vorig jaar, vooral dankzij de markten in Latijns-Amerika. Het \
        bedrijf verwacht dat tempo vast te houden, al blijven de transportkosten stijgen.
        """,
        """
        Om het programma te installeren, download je het bestand van de officiële website en voer \
        je het uit met beheerdersrechten. Verschijnt er een foutmelding, controleer dan of er \
        genoeg ruimte op de schijf is en of geen ander programma poort 8080 gebruikt.
        """,
    ]

    static let english = [
        """
        The server stopped answering at three in the morning and nobody noticed until customers \
        started calling. We went through the logs and found that the disk was full: a backup job \
        had saved every file twice.
        """,
    ]

    static let german = [
        """
        Der Server hat um drei Uhr morgens nicht mehr geantwortet, und niemand hat es bemerkt, bis \
        die Kunden anriefen. Wir haben die Protokolle durchgesehen und festgestellt, dass die \
        Festplatte voll war: Eine Sicherung hatte jede Datei zweimal gespeichert.
        """,
    ]

    static let french = [
        """
        Le serveur a cessé de répondre à trois heures du matin et personne ne s'en est aperçu avant \
        que les clients commencent à appeler. Nous avons parcouru les journaux et découvert que le \
        disque était plein : une sauvegarde avait enregistré chaque fichier deux fois.
        """,
    ]

    static let russian = [
        """
        Сервер перестал отвечать в три часа ночи, и никто этого не заметил, пока не начали звонить \
        клиенты. Мы просмотрели журналы и обнаружили, что диск переполнен: задача резервного \
        копирования сохранила каждый файл дважды.
        """,
    ]

    /// Every sample with its language.
    static let all: [(Language, String)] =
        spanish.map { (.spanish, $0) } + portuguese.map { (.portuguese, $0) } + italian.map { (.italian, $0) }
        + dutch.map { (.dutch, $0) } + english.map { (.english, $0) } + german.map { (.german, $0) }
        + french.map { (.french, $0) } + russian.map { (.russian, $0) }
}
