import Foundation
import PromptTokenizer
import TersifyUtilities

/// The man pages of the `doc-qa` task: English pages of Debian 12 packages
/// (coreutils 9.1-1, grep 3.8-5, findutils 4.9.0-4, sed 4.9-1, tar
/// 1.34+dfsg-1.2+deb12u1, openssh-client 1:9.2p1-2+deb12u6, diffutils
/// 1:3.8-4, gzip 1.12-1, procps 2:4.0.2-3: GPL or BSD licenses; manpages
/// 6.03-2, sections 1, 5, 7 and 8: the Linux man-pages licenses), every
/// page of sections 1 and 8 of 3,000 to 48,000 bytes rendered with at least
/// eight option entries (five for manpages), and the pages of sections 5
/// and 7 of manpages of 3,000 to 12,000 bytes rendered (and `signal(7)`,
/// for its tables), character-set tables and copies of other pages left
/// out. They are read from the installed packages, `TERSIFY_MAN` or
/// `/usr/share/man`, never copied into the repository.
///
/// Users paste what `man` shows, so each page is rendered as `man -l FILE
/// | col -bx` prints it (man-db 2.11.2-2, groff-base 1.22.4-10,
/// bsdextrautils 2.38.1-5+deb12u3) with the environment emptied but for
/// `PATH=/usr/bin:/bin`, `LC_ALL=C.UTF-8` and `MANWIDTH=80`: 80 columns,
/// hard-wrapped and justified, indented, no overstrike. Both the file's
/// SHA-256 and the rendered text's are checked, so another version of a
/// page or of the renderer stops the run. The rendered text is kept under
/// `$TERSIFY_CACHE/manpages` (default `~/.cache/tersify`), named by the
/// rendered SHA-256, and checked again when read. `scripts/pin-manpages.sh`
/// prints a manifest line for a page.
public enum ManPages {
    /// A rendered page.
    public struct Page: Sendable {
        /// The page's name and section, `grep.1`.
        public var name: String
        /// The command or topic, `grep`.
        public var title: String
        /// The section, `1`.
        public var section: String
        /// The rendered text.
        public var text: String
    }

    /// The folder the pages are read from.
    public static var folder: String {
        ProcessInfo.processInfo.environment["TERSIFY_MAN"] ?? "/usr/share/man"
    }

    /// The folder the rendered pages are kept in.
    static var cacheFolder: String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["TERSIFY_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSTemporaryDirectory()) as NSString).appendingPathComponent(".cache/tersify")
        return (base as NSString).appendingPathComponent("manpages")
    }

    /// The pages: path under the folder, Debian package, SHA-256 of the
    /// file and of its rendered text; in section and name order.
    static let manifest: [(file: String, package: String, sha256: String, rendered: String)] = [
        ("man1/basenc.1.gz", "coreutils", "15270fb4847e92eb690366d91f3fed3ddb09291da23cc6b1be63b3d8c3763029", "21e70ee7de377b54ebda83477c95ff25357aa73e6d20083703e5dac0e2ff9c87"),
        ("man1/chmod.1.gz", "coreutils", "adba4760ca38854babfd3283a944282ecde59911bcf995b64a4ec2a1e07d610b", "adeb77eb1da7516c1ac2eaa0fe04e2c4d9c29f0c0f03006399882584856b56e4"),
        ("man1/chown.1.gz", "coreutils", "5e992841c32eb45d509f6206d0b5ae82b6a740d09f49a3c4b1e2351e2b536b0a", "fa54c1c253633e33d3596b67ecd0bdb6477023a38012b424c3aa33c9a8a967d7"),
        ("man1/cksum.1.gz", "coreutils", "6d0e79d8ee631e88e424a4879c3c2c131797d89e5c101022761729d67d9b896b", "b007bfd534e336b426061f0bc129c3002299ce9b24033ed60623136414a47fb8"),
        ("man1/cp.1.gz", "coreutils", "93794bbc8bd6ca97c0ea63567317afce4f8952ad80d4b5fd2c8db4467ead92ca", "d1b9519897145aa8702c7ce8ab689d2a164fa5d882b70c38f2b71f0e017c60dc"),
        ("man1/date.1.gz", "coreutils", "3b4dc634c372ba3f3938d7fffcdd44b21043e46a5e5dca388cef379a7a0ef8a6", "91e83ab7d0a055ed523d99127226542276415e8c2b314bd046154406d472fbea"),
        ("man1/df.1.gz", "coreutils", "128ab2605679b919bc36651d433a7d335577146bd6aaaff822f83816bd577519", "62828305b5b9baffa4f7ffcf726c5e1604863d32b99cfcc7279a3175ec72348a"),
        ("man1/diff.1.gz", "diffutils", "8a7ded15e556fe499be786e45b15a7075d3e1133805ef5e447332ef32b8d1243", "0bb5f23d4e390d10e274d9d908cfacf9c37553b2fecf7e68d619794b8910c38a"),
        ("man1/diff3.1.gz", "diffutils", "e6ccfe43a7d7790a2c3bb2afdd8b7b34926d1a247404a85a361faf28738c7b75", "70bc1cca6b364a84f584a3252b45b618033c2f700a467eafd608310e73f89118"),
        ("man1/du.1.gz", "coreutils", "5195895ef3fa2fe1ec131af83f2ea21dc658256c76f21299f73890546a368970", "71cb52c1f74dcd2f17b9bb901c47ec92f15f4fb480fbcab9f5381aaea6c023b0"),
        ("man1/env.1.gz", "coreutils", "d759c37e460c99a47d514d6b0aaa5a83627d4d67188f33560337218b5ddc8c22", "d315fd49da7bae46c6cc8d4d9cc65d041bbd1b2d7a580114c857bba348d8326a"),
        ("man1/free.1.gz", "procps", "a158480a5e704d49fa6cae76b3164b76c405128fe87f331bba9e0fab058c4af3", "930b39f1627ec411a307fa7ea28a5ffcda351322a8bcf59d80c704c8db52e046"),
        ("man1/getent.1.gz", "manpages", "3a6239ec95da916af34f9abb04c274b348eb9a9b3838f112fea37ef54fbc22f0", "75ee0c686fdbd6ee6746fa38e4f46ddeb9b6e9c393ea0a4c163bd457eea4ecec"),
        ("man1/grep.1.gz", "grep", "ac48e22348240a1b740a823ec2c1dc9b6ae6e977f678f1a8d00dfb4bc6f90800", "946ed19f16030c0684a4b315dd56961e16693724714fa25cf9c51380cfcc0e9a"),
        ("man1/gzip.1.gz", "gzip", "7c76a9c1e535e82ed11acd7eae69c2138598c3decfe8e1629387809c6ba42a97", "30e6672f373220162ef68384b05b5c2d10ba5ca5350c062b8fe2e19ffd1c9a51"),
        ("man1/iconv.1.gz", "manpages", "1f8bc5895d6ad5b1468a9fda40a178ae3ecf31533ca4146779daaa204bb8ab20", "a791934d4609385d637262461cd643a5e51dafb298b89572a1648931d4d10690"),
        ("man1/install.1.gz", "coreutils", "6e9bef2047cff99810a4362b21c179cef999f83ad1aef7533ab26296bbe5c6f1", "dcffa5310c25309aaa2d02919902ac046e19f39155608077c99ea594f2fa8a9a"),
        ("man1/intro.1.gz", "manpages", "49233c5fe81c18e2f7f03bfc0dd59532fdea796117a8b22b99c543e8879080e0", "8dbfcdecb1a97ad20a511b2fa34a8764c85e7dade07c2368343f7d21390fb6a2"),
        ("man1/join.1.gz", "coreutils", "4ea8dce8182c9c8c1aebc58df35c1a0b76e7ac749ef1b72f70b8b860c2f70400", "db42109b5bdca32dbeb648507cf19e10ed05650aaed2ee3f1bc9a9b68fed8fe8"),
        ("man1/ldd.1.gz", "manpages", "199ddc9794e121d295e94a1bff3ebd3689aef2cb2837527d1e417a40bfab0936", "c7d5d8bc38e86bab234583d7c07251cd43005a12fb85025a5547d63ea3ec9904"),
        ("man1/ln.1.gz", "coreutils", "2f67d6199d35ce29f4f6b8b997a845d27b75e1fac6a6de20330f4f14df1c08be", "92c16807deae7548c9df502fe7a5607e966779375795f9aa4a9a7c076328159b"),
        ("man1/locale.1.gz", "manpages", "a785fff95d1d50a09d6da40680863fca09468eff301b46d0532cc01ead19ed8b", "b1d5bde945282295a19a1f37d1799958354091cfce8ea61d70958f6c3607f5ac"),
        ("man1/localedef.1.gz", "manpages", "84263851ada789ecc315de48341898de46aa2f9f6a99b557c5cf0cf21e295970", "cbfcaf336d8d8ae9875e0bc4f6d508de8721621fa50e7b43f66e7f59090331ec"),
        ("man1/ls.1.gz", "coreutils", "463581020af3df6917e59a09066a2fc4ce3a58c80bcb5781a357ecdeb393306f", "c2d882696fa522ef5ca2359ed34499c6e641d0dab388c6e347c32107545d4c5b"),
        ("man1/memusage.1.gz", "manpages", "252b1d8c6dee8a9140f9318aa7027cb0b66096d6869eea73b7d3643a861771b3", "ae45a92bca095be5f520ec7319084686db0a4873ce46d1e633b4d63007076e99"),
        ("man1/nl.1.gz", "coreutils", "4a22c6012574898866bbec1e7b0b9368306cb450f7beb74800ef3f6864450580", "baeaa597e8cc804ba23f5890497c469668516eace9030b15bd630985fcdbde4d"),
        ("man1/numfmt.1.gz", "coreutils", "9fb8a6a14ed86c22f0c0f2d554f38ba8123b195e96f48b332c92744bc4ae113c", "3421a6bcb163f84baf4c260857a982563703f8dd46825d17e070ccfbfe095bfa"),
        ("man1/od.1.gz", "coreutils", "3191679f5cac08883e0b2213bf5c2b0f761931e7c7bdaab303479ee08c64debb", "a7c1f810dda27a577faa45036c50f53b6d74ef60895b99bb012a229de11c3a49"),
        ("man1/pgrep.1.gz", "procps", "7aad62eb70c84d57e1f0b13813795d89a0943c9b2d0ee0e9099911d696c2a53d", "3b6ab9b8adf94e64020dbc52865daaecb5aab5f3050e4c4d865f5a71f4d64a5b"),
        ("man1/pr.1.gz", "coreutils", "4fad8d84279ac09fdfea3b1dc9a30ab934a67a4771d3029656a28b3036658311", "cc31c2e6a793923cffb7fe582378cfafd16dc1a66eb6e4629eb34af99f62f337"),
        ("man1/rm.1.gz", "coreutils", "240e3fd578051ef4e84bbdead090cc8019c8a51961f58ef448e597575928238b", "36ad5ed2f4ff55ae3544995b90f42cf89292abd04c60f475ddfc41eae392a060"),
        ("man1/scp.1.gz", "openssh-client", "a071cf90854fcd76302fdd9b6d991af8681c3209cb3a846f6a424cd734a6a404", "f4e29322a9aa2f4c2794db8192d6d87467d4b8063337178621e9dded1d4f2373"),
        ("man1/sed.1.gz", "sed", "951445628fd5839a7a62bd6d4445eaf19701d36e9c9ee8423e6c344677a9d39e", "170777903b511d19d40fa89301d8b6212389d8adaca55a85025a308b5bb55528"),
        ("man1/sftp.1.gz", "openssh-client", "8896c319326eb19ebee54b3b8ff1393206f944a868d077e7f8efd986451d318b", "34d08de7384f9446f5ec73b74a6e39d99c1fbfe472ed5a1d13aad3fc81f379ae"),
        ("man1/skill.1.gz", "procps", "0ac4e8cd0989ab5224f7d6258ab69ed11d6b8c81ec153bb1e825c2b9560b5a0c", "b4d11e55cabbc789869a4a78234495683ad298c87fd768578c4d9da1732bb71f"),
        ("man1/sort.1.gz", "coreutils", "604df6d156e2388abb6d912d30d7ca0fa6a0241b36b4f6e58726cc801faa6616", "55a81dd25e52496471269d08c536b9580d5b43c31a457e33789fb720cee7f188"),
        ("man1/split.1.gz", "coreutils", "b9dfd8e2ceef61b9d24cc55a7b974481f72bae4f3d2854a65931d08c5a7df8a0", "ba61c20e08baedded178c09e3de2545a7abe997fbf31858e5518363dc973812c"),
        ("man1/sprof.1.gz", "manpages", "12d3efe182630effe10164ba0689ebfdebc82820e37e99f0c0be4f0f97c2cdd8", "bf6051c9f538c527b6a93053374eb77906cdcc6b0160fd6916b7ac8731937d06"),
        ("man1/ssh-add.1.gz", "openssh-client", "838a7408ddffa90b0d637fe3af679b3724c7f8d13730853b3441064bbd1f18c8", "92e1ffbd983f4f5bf29864e633c9c3beeae8120b675ccebc43c63ab63121ea6f"),
        ("man1/ssh-agent.1.gz", "openssh-client", "39263c6283ac04f774d83206650f53643a812e56e256138539e962b5e85136f7", "fa946ddbc0e19589341e49441f6cfed4e2762cd4494c8b1c887b92816873c649"),
        ("man1/ssh-keygen.1.gz", "openssh-client", "8f95ebf8af084ff51c436f866830afff7d9a993231bd580aea637504417cf04d", "6ef271ff8d87389a67a47ed2cc36dec9bbc342a86754762883eb241c26df37ba"),
        ("man1/ssh-keyscan.1.gz", "openssh-client", "f7b938e4e4b9c2aeac8871d58951597099a3afdba1bed1b92952ca36786b48b8", "998a678ce2dab939991669114633fa80cfa66d2c01ed68a613d4bd570db4bdd7"),
        ("man1/stat.1.gz", "coreutils", "359d91748f440e338964de08b76b105702bf9e644399c5f46c9132ffa1efabf5", "efd27b6e4777255298cbaf03063a24fd2a65c8ba2a12ad75b89ff4f02459aa70"),
        ("man1/stty.1.gz", "coreutils", "31eec32dfa536d67f05b251b9dffaa0c8bfafc538602c8c483b6d3a088574de2", "46e0c5efe9f277ad75cb4076371ec62e132ac60f0d953a0f88ad3adf6a863496"),
        ("man1/tail.1.gz", "coreutils", "729da901fdb2b8fe031e93f16837b011f2495c85971f3c92624166cc11901b0f", "7407f0dbf282cdf56a3a14d856d93b7f3b18489500990efaa656f7b1fb4cbd58"),
        ("man1/tar.1.gz", "tar", "8fece2801dbfef3cb3235e94e592bd0b5e1e2e059efec4f9916fc0e41f64fe14", "c3494dc72b253ce6347e857cafe6a3f8796f0e8c6de517ba00f59389fee3b95e"),
        ("man1/test.1.gz", "coreutils", "2076ff3cd222045fc7244830ab438843ee893bb427a477c470ddfb8be898e4e0", "ab65f08cf72522d2a231d2efe1d5d8f0e4bc00678130089b69f57eaadd02aa61"),
        ("man1/timeout.1.gz", "coreutils", "d594dc7f33826c4d6d915e75b87a0883f8f01be8c2858b8ed7cda32f1a5f48f6", "495ffa0ad59274176517e47e1c5b1744716bf2c6cc607d61c8299da32eedf35d"),
        ("man1/watch.1.gz", "procps", "5e14b50816ee0dc847e907b1d373467010765bb9aa1696a7b031297e8e63c72b", "b04df4eb90c9e197237cfb36a04dfc3beac9d9bb3fc6b2b0f4d66270715b5a2f"),
        ("man1/xargs.1.gz", "findutils", "0f485b50e182c6ef978c4a38a7022c4785b0b4ee592ab186b06e0d90e3c40c3f", "2d54804e86b951ee206ae1a93a28edb6ed672c0988927e3084547c93f7eebb45"),
        ("man5/acct.5.gz", "manpages", "7471198792689223546aab774c176dadba01f3286616fc76c414acc9f06abfad", "8676b37423b3b638c118667be392be683a22e5e85bdb8654fc79d185db1af8f4"),
        ("man5/charmap.5.gz", "manpages", "e8a1a6e42bfd6e40efb4508caa80a3d523d523faa9eb25b7d30a31e5069ae477", "2758a10725e5f2787a21117767fb6f2c7aba2a89d8ae6298f908fd900213ffd3"),
        ("man5/dir_colors.5.gz", "manpages", "43e203c0b510fd4d3eb16881a0ad77120904e9ac879acb58b086ba7b91dc0f45", "495f6525f49c835b09f42bf8fe8294997b829664003167dcd9d9940db4815c4b"),
        ("man5/filesystems.5.gz", "manpages", "f2376321476fd19a12f954ee6b6b1b8a53169289119f0bf4c6a360db88dfd1f8", "88c542e5f79cf93b74e33adccb2e661cfa2f4d0e98d5d5e973662d3a76245650"),
        ("man5/gai.conf.5.gz", "manpages", "c05a8c9ff397fa318c8088e35b4b8d24f985774b65598bad76baef383cc61511", "d028df27388e8451970d599b08b3698a3db295cf1b3d42a3b55c8f9a59d4e0b4"),
        ("man5/host.conf.5.gz", "manpages", "315692a86427f49ae10293318a0c696643e3372772cc971239fa90098756492d", "1b6d67f5a7590ce8a19433da9434d9968d306802e73cd4999fdbebd8e1e5937a"),
        ("man5/hosts.5.gz", "manpages", "e65ee1ca7d18e57e27c6b81fd2ec5149022e5783b7237731c65f94335761134c", "18b3e1946c2a50620203ecaf0107b5bd9bc7952a1856f9bcfb1850c2e3b60023"),
        ("man5/hosts.equiv.5.gz", "manpages", "632cf1e13311a2ba80a85e995a6c507c05eee681d677eb9af262f71b30c3bfe3", "3ddccbda744321c03406df154b61616a6401f7f6a959aec67d0ab2e13ebd92a7"),
        ("man5/nss.5.gz", "manpages", "614b04e753f9374a734e9f076dcd088695470b4ad926edbfc32e1df237fb8b43", "126f29f388beaa6dddb025faf4f209b53a3cc5a386b67b25eb16fe6d08fcd42a"),
        ("man5/nsswitch.conf.5.gz", "manpages", "ebc60de4678c861a6bf2e50a726e3ec07bb0665012c462f055937121ac7c7eaf", "66636b95b6b0b8c7f29955715f67d5d6863ea5aae34de61fcb61da3b79723dbd"),
        ("man5/services.5.gz", "manpages", "6f9b23aea8faf22a1401eb42d52700abfa132be3b0e9b08a9da28689e1c9dfc1", "6a73302a180d60ac2b9b7a4ef0b72fe3888e5d81284273f9fe27b875c60525aa"),
        ("man5/slabinfo.5.gz", "manpages", "9894cb56e69784e3958f031ece51000a3c3ff087dc5ae241c74612f27c7d4d34", "b1031f0a88795f188f876b3266506f183d5bd73988dca01412fe507fcf100b5b"),
        ("man5/sysfs.5.gz", "manpages", "dd6ca694893b2d265f602616192932e841431cff601c6da960f85f8959ec652a", "6363f260cd5afdff2fe036fdf40260c41ab69937c39cfdd0cc6210c37b8a228e"),
        ("man5/tmpfs.5.gz", "manpages", "314a8497632b90498ee6966b3e3d920895576242665d01e792f54e3c4fa21551", "ffa21f5ed7632029f784614520df89f7208da6d755c8336f50678d307a57d3f6"),
        ("man5/utmp.5.gz", "manpages", "4abc3ab2c249802b348e6331a70b7259352d09ab4b92ac6ea2d39c83e2e1ac1a", "b0933d7fbc099819c1fb2178c6b403bc800c5b9163f654bb99a46eb83f7370a0"),
        ("man7/address_families.7.gz", "manpages", "8fcbb35f5fd2cc48c70afb224aef7d2d44d8f34e8158311e58b7210584d42560", "2466bc843bf2084ee63983de8fba1d8b04afec7fc4fc617ffae6dc66088d51c4"),
        ("man7/arp.7.gz", "manpages", "272327c6d5359f0702bad3208127d87a8f288be26ffc3feb29a1dee2b6a6d3ec", "5f7a8f58edd28deb97be937c57650612d7d30defce7f806272a95c045aa883e9"),
        ("man7/ascii.7.gz", "manpages", "034c594737ae60a4204029113ebe4853fe38dbcde17485983635b303590e1a68", "6e8d0ce4c66f84c1cbde3ca9f1b6b60a4e15701163668fcf83a62c0789260ae5"),
        ("man7/boot.7.gz", "manpages", "cabcb6e9fca47151db767bb0bfe69280fab7a979f047422090b33b61a5373d02", "7bfb7a57564fa26df72749ddaf60609b2c83dbebdea51193f1fb5718e23623ee"),
        ("man7/cgroup_namespaces.7.gz", "manpages", "fdb8d9ecfa1e4162673c36a3175223103e3c39118da36ace64003aeed6073f72", "d29484bfc40e0af504c7c39b902f066a98367d7c2da2524af4e7b3c7ef3dedb0"),
        ("man7/credentials.7.gz", "manpages", "9c6b9d692be8d7ccc71a5cb88fffefbb9991bf1b95900c5b0b5174a0ee75765f", "9fb2c5ec887c128f3c8e6c693b86f0fa409094ffea2ded3aa49d63a2f757e2a2"),
        ("man7/ddp.7.gz", "manpages", "571551d588090b3a7a897962af03ae68a4b802c230a3d493f60b488307fd8654", "cb3e0637397eccc4afebb5a98a4ef8d3ca4d5dd559d1cb8bd19c3e341e19220f"),
        ("man7/environ.7.gz", "manpages", "42a41bd4bf64c4f632693f54378bb5f98744259ccb559403eca76a0cb5edad74", "14f7778754b13df87718b2d24b280c7704c89f0ec5e73cba66bb7ae51b7e850d"),
        ("man7/futex.7.gz", "manpages", "7729b98b02cb6151eace4d124f634d28f713e0018867399c333e75284f8e8205", "273730c4ab2c4618dfc53c9a6369f06d55d81bd524ab5ef83972f6f0b6fb6506"),
        ("man7/glob.7.gz", "manpages", "c7386b003edadd804654831e218b710976b9980db6ec63bf5e039c304009475a", "3a3b9b3c1bd0eac59d9d09af4f04926ef9f42dab90e6caa34cfae90f0f533429"),
        ("man7/hostname.7.gz", "manpages", "6b6dc2d662633b5d144b862e5ae08878acf117255913db3d466cf6e20c32abe7", "3e57ab4d8a966adc852655eaceb54abd25ea9dfca093cefefc5238257ea0b703"),
        ("man7/icmp.7.gz", "manpages", "7cdc8d79402ca161416d157bfdff22ec52de441ed129f7fdbbcdb718a982cbe1", "16abeef520ed6aad3cddc1c0f6f36ef1efe45659bd54e5df5f2b2a458086b4b6"),
        ("man7/ipv6.7.gz", "manpages", "9ea33113de8cc0137357da0be6dc30c8da2ef5bf445aafe64b0f62dad0ac3594", "9c3346ab4e1f5fe3622f49b686edc562fc8ec019938345de0ec6c4ae2fd19f77"),
        ("man7/kernel_lockdown.7.gz", "manpages", "25066005035b66e2bd5960e62c2128d49feb3abda4ca1b180977a57ebe9fb1e7", "3285b0f4dda2b704ca2009cd04e965c7d965ca4994bc378a01f459e66a947fe1"),
        ("man7/libc.7.gz", "manpages", "ed2973ab1eb793055f8df4cf0b78b4e6a4350de1ff5a18cf29bc254cc3619389", "a9e8bb327a213eea827188c9202d9f5fec6d614dc18657d7c263e5cd62544aa4"),
        ("man7/mailaddr.7.gz", "manpages", "687f23f453f964dca32b064f03634ea11a9ad4142d9d64bce262e775ac56c2d8", "2731f8c7a33cb0fc7ce2ca6e477915cab7e38319c8084e350e1f9665aeb062c6"),
        ("man7/math_error.7.gz", "manpages", "a633edc87e23145fa789c333e6d2313705689a1dec4e897bf5c2ab00cbe41588", "625f65d2548ffb441aa1acd67e92a3fdb86368b6142f52eb93534a548e80347c"),
        ("man7/nptl.7.gz", "manpages", "00394c163f5f463700c33e2a2a10b5da3992e0c7ffbf0e68d47d380887967086", "bd4904ae3de3f8f700d98c2c37e2a44045f9da4c888a199c124d94846f8da3d8"),
        ("man7/numa.7.gz", "manpages", "4ab102895fec6cf9418ac45061110bd7f14a3df0b7fa161c22d81f148b2d86c7", "4ec8901c1bf69a3df5f0f022a205e1006e49978873b033cf34535203740a05d6"),
        ("man7/path_resolution.7.gz", "manpages", "a2264c1254cbdc86a89cf4e6c3fbebaacd761ed775308bc7a293fa236eef7805", "d08e57d922ed5a9cca5b5f86f835f9478d34f07838b714c40536478c732ae102"),
        ("man7/persistent-keyring.7.gz", "manpages", "00693d09fc463876eea68299843b90e4369918455c1b1e898d12d505ffe442ce", "b1b0ae4391d9f44f3000c68d7022a1f1eb367b55430cabe1da755c422849bc19"),
        ("man7/pkeys.7.gz", "manpages", "b8d089703600966965af6907ab811ca2ced14dc700a44e24b553dc860ed2e15b", "f7f6a3a7c6769a56814e6aef9cddefc7ea42d5e0da60fe48ed42116f2fe2f195"),
        ("man7/pty.7.gz", "manpages", "0f79daae5bae33f0c5601783a6249ff6d52dbfcbc44cb457712146e8446d15e4", "5bdcd017b4493e4ad23815ac68310d43cb5058cec64af336bfdba361a41e1c78"),
        ("man7/random.7.gz", "manpages", "fe98484f3c0623e50d40e82d8be49c00387446d698f8c531c1078e3d50c6faf6", "d8f99fdd0cb5103bd646a523f79e8937015b18cd95c6222f6e336c0c5c0a4ab4"),
        ("man7/raw.7.gz", "manpages", "09ee686b2bcf4bad3ab9fd815c859bfaed5b567c1b735eb994491680693712e7", "a3cd93aad433a150aa81842b15f52ad0a85d62167bc1937f5439e34b2533a300"),
        ("man7/regex.7.gz", "manpages", "bab46f7962070b4ed5319ea6e01b6565c9b6761bd05bfb6d4e654f4cb1a933e2", "3c8fa5dc3e7bd4ba435bd2413ffa1e9bcb97cdc1f0b83712db70130cb83db27c"),
        ("man7/sem_overview.7.gz", "manpages", "3d07526c454eaa41a4af9a409b839bd1fa444cc98e3a4ad1481f8aa41a3a8692", "b6dbed5b5fea9e80e947d4b31d7b60fc81fe6abbfdb65df50d5516380b87162c"),
        ("man7/session-keyring.7.gz", "manpages", "492d3bc36e19031d49b5d60bd281237e15a70241d5ab64c156de9e0779537006", "5211f0dfcddb5bbadcb0a98b0d43b023ac1ffc5e8e6c240771cc5e93d79318aa"),
        ("man7/shm_overview.7.gz", "manpages", "27aff608c7c8f97c946d79145607a18f9db9d85063ca286e36720521cd8cccfa", "34a47f2d6779c6bfd619408c11d9dfd5ce73627604e3ed5282020fccbbafe70f"),
        ("man7/sigevent.7.gz", "manpages", "e7dd2fc744ee20e2447f32f35ecb3aee2d5783fee0729f8eb475f62fda0f4a87", "ee6bf6ba9576cb7c0ae95992f65e309573b4c00aa207e34ac6ff90ef305ea7d0"),
        ("man7/signal-safety.7.gz", "manpages", "3bf0527cf25d5346ea86d858e8d009bc67adf31a5c45afcb908b1f081cba5a72", "9f01133d38fe54cc44479dfbbeed2be1a532e311929f083966a0e162f346098a"),
        ("man7/signal.7.gz", "manpages", "32ed3e22b7eaf60f40b2fed6238255765682f55d1d14245a01f3aeec37aa2c98", "8ad80b14c8d5dadce3d616f5bf07d8134978efd8637abfa6f3ed1b5c29ef2fe4"),
        ("man7/standards.7.gz", "manpages", "1dc596c5d0408ddfff087d49f39d9a3184953f23e04822276a8023754c4191d0", "042dc966877757ea3d5683a7ffe03c4390a6e5abc76d8bc3cd1697e26244d1c5"),
        ("man7/suffixes.7.gz", "manpages", "29ed87439ee9ddee533ff7a531bfe3b2d3bca36427e80bfcd51ec9282feac80d", "85c909704683760f52baeed2b581485c81a238addf0a790b5bfcc595b3741eec"),
        ("man7/sysvipc.7.gz", "manpages", "e79ec381f3f5bb93e5ba92ab3f3208b042541bdfc5785a111923402f74804044", "1b19b33dbe9bdb7c2a91a2d5d53698a9f0779ddb259aaf1a03be032b6b813497"),
        ("man7/time.7.gz", "manpages", "f2b95023982be55ad39eea4797fa1f255bf94716893d9049b5c5145732bc2792", "856ca1360293a99f3c39f1b103a8e89ea1dc3318279f32945d7bbdd63d1ba033"),
        ("man7/time_namespaces.7.gz", "manpages", "fa2cb223311dcda61276506589cc4841695de7cb1b430629b1315315f3601531", "57796200c5f5117e5357f687ef27dc091f947552dab11d2bbecd868aee5fb8aa"),
        ("man7/udp.7.gz", "manpages", "87b67e1a477ff110c99555aea6e9f463ac9f9da47ed32c86562062913da2d58b", "db524e8567d9502c7d4b60415c2b8b6f54112685ae1d7d2f3b6b332a361b6f69"),
        ("man7/udplite.7.gz", "manpages", "21de0dfd45e8b4117cbeef80c5aaf8e5ccc0aacfed9fde1a1c5375e62581b273", "91024ffe47962ad8cb274b3d34c3486fb9d1c86468de5b3f230c190e9734479f"),
        ("man7/unicode.7.gz", "manpages", "c2a764c714ab3f323b83e2942133662fc14951aefd573da38ad2069078923d75", "9b8f765ae5f864e25f6a8ddae44adb099afb3508c11ebc4ada024a4d58b4e5d2"),
        ("man7/units.7.gz", "manpages", "d18c87035c19be114bbf960b9d6452d44195621aa68f3b614546c1dcc6564ae0", "85c061414ab379ae56ad4847ef6831e8aa9ccea0a9c04118f1cbc10a244b615e"),
        ("man7/user-session-keyring.7.gz", "manpages", "d1a968eb4bf3abbb861933516d4ffa8fe6946ab37f0ba2b7d533600ed4ba8bdf", "4d7fa74f6f944feef6ebc86b878300ccca17ccfe7befa8823b072acf517c1ccc"),
        ("man7/utf-8.7.gz", "manpages", "dc25a9dde651187ca126208c97fed12d55733b0b3884cf9a33fce88e07c7035e", "3157b6e0314b78f238e698a45c45d35fb26ffb7e949e4823b235cd6d11aac9b9"),
        ("man7/vsock.7.gz", "manpages", "886e788d9b3557ca1ee277e6639bbd4b3cf5cf73ecb2b4ed5bad0a3f7166434d", "ace9cb00c0466483f9e0713df0877bb7256b77e4378143dd2db4deb5104143cf"),
        ("man7/x25.7.gz", "manpages", "a6505d0c512b429e712e8017db51217114735fcdbdb46a8614aa68c123be3c45", "b35a99cb32cf2ba0ae77cb221b80938dfcb12072e08fcedaeb7952f65b138f9a"),
        ("man7/xattr.7.gz", "manpages", "ebe990260bc4aeba5f545bef00043c2cab1bec0f9c8a5653153e92037ea9b528", "5d44547a72dbdfd6df3e8634a9ef957950587fab926f80b2f32d5de6b54dcd12"),
        ("man8/ld.so.8.gz", "manpages", "718bde53579a10c725f2c35e3d3c4aef198f53392e60d7c8ce7aa72f9e910805", "529906be6957718af0c5f5eed4ede6b1cad676c2e11c97d6a195ecd7e324fd5d"),
        ("man8/ldconfig.8.gz", "manpages", "f21504eee40f9e3057b3f5d5ebdc5c4fe7ae64e47313f217c39f6ba46cc69a7d", "edcd5c3c63fde8e207d9a03fd10c03757f3a03d7e532f1e824d3eb98e9657ee3"),
        ("man8/sysctl.8.gz", "procps", "e9eff6c4e7afe2b9ecb6edf486586f57ab7624c39e59a94991b0f46508611984", "2e31560cd39c6772b36fc7ba637b20897e06a7c27470610707fe56257120f618"),
        ("man8/vmstat.8.gz", "procps", "69bb1d2ed103bcdc53149151c5482625060a67d6ed02ad535b7496a2d807da5c", "3c6b08db86e8bf7cfe9339c78690261b7cbf79bc3ef50ec8c128abff4231b4a5"),
        ("man8/zdump.8.gz", "manpages", "887ee5646d41e4da6624b6b5e44b80f3cd992132f4458058a523d5c3f90659ab", "554d62f86b354999c7c87e4f84e86358d0a18966723059f6920f33d84f902c95"),
        ("man8/zic.8.gz", "manpages", "2a1412539c9f7a7c26e4b8b41196f547afbd910def5c10e7f9ea1db1a831582f", "b75e640484cc9f8c77ed4feb8b8c6c7d2bbd7b488b769f8a86d49ab7a3219093"),
    ]

    /// The pages, rendered and verified, in manifest order.
    ///
    /// - Throws: `BenchError.manPageMissing` for a missing file or a
    ///   renderer that failed, `checksumMismatch` for a changed file or text.
    public static func load(from folder: String = ManPages.folder) throws(BenchError) -> [Page] {
        let results = Locked([Result<Page, BenchError>?](repeating: nil, count: manifest.count))
        let cache = cacheFolder
        DispatchQueue.concurrentPerform(iterations: manifest.count) { index in
            let result = Result<Page, BenchError> { () throws(BenchError) -> Page in try page(index, folder: folder, cache: cache) }
            results.withLock { $0[index] = result }
        }
        var pages: [Page] = []
        for result in results.withLock({ $0 }) {
            switch result {
            case let .success(page)?: pages.append(page)
            case let .failure(error)?: throw error
            case nil: throw .manPageMissing(file: "?", folder: folder, reason: "not rendered")
            }
        }
        return pages
    }

    /// The rendered text of one page, from the cache or from `man`.
    static func page(_ index: Int, folder: String, cache: String) throws(BenchError) -> Page {
        let entry = manifest[index]
        let path = (folder as NSString).appendingPathComponent(entry.file)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .manPageMissing(file: entry.file, folder: folder, reason: "not found")
        }
        let actual = SHA256Digest.hex(Array(data))
        guard actual == entry.sha256 else { throw .checksumMismatch(file: entry.file, expected: entry.sha256, actual: actual) }
        let cached = (cache as NSString).appendingPathComponent(entry.rendered + ".txt")
        var text: Data
        if let kept = FileManager.default.contents(atPath: cached), SHA256Digest.hex(Array(kept)) == entry.rendered {
            text = kept
        } else {
            text = try render(path, file: entry.file, folder: folder)
            let rendered = SHA256Digest.hex(Array(text))
            guard rendered == entry.rendered else {
                throw .checksumMismatch(file: entry.file + " (rendered)", expected: entry.rendered, actual: rendered)
            }
            try? FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
            try? text.write(to: URL(fileURLWithPath: cached), options: .atomic)
        }
        // `grep.1.gz` is `grep`, section `1`.
        let name = ((entry.file as NSString).lastPathComponent as NSString).deletingPathExtension
        let section = (name as NSString).pathExtension
        return Page(name: name, title: (name as NSString).deletingPathExtension, section: section,
                    text: String(decoding: text, as: UTF8.self))
    }

    /// The environment `man` and `col` run in: only these variables.
    static let environment = ["PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8", "MANWIDTH=80"]

    /// `man -l path | col -bx` in `environment`.
    static func render(_ path: String, file: String, folder: String) throws(BenchError) -> Data {
        do {
            let man = try runProcess("/usr/bin/env", ["-i"] + environment + ["man", "-l", path])
            guard man.status == 0, !man.stdout.isEmpty else {
                throw BenchError.manPageMissing(file: file, folder: folder, reason: "man exited with \(man.status): \(man.errorText.prefix(200))")
            }
            let col = try runProcess("/usr/bin/env", ["-i"] + environment + ["col", "-bx"], stdin: man.stdout)
            guard col.status == 0 else {
                throw BenchError.manPageMissing(file: file, folder: folder, reason: "col exited with \(col.status): \(col.errorText.prefix(200))")
            }
            return col.stdout
        } catch let error as BenchError {
            throw error
        } catch {
            throw .manPageMissing(file: file, folder: folder, reason: "cannot run man: \(error)")
        }
    }
}

/// A value behind a lock, for the threads that render pages.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.lock(); defer { lock.unlock() }
        return body(&value)
    }
}
