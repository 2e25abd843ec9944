import Foundation
import PromptTokenizer

/// The Python sources of the `code-qa` task: files of CPython 3.11's
/// standard library as Debian 12 ships them (package libpython3.11-stdlib
/// 3.11.2-6+deb12u6, Python Software Foundation License), every file of
/// its top folder of 3,000 to 16,000 bytes. They are read from the
/// installed package, `TERSIFY_CODE` or `/usr/lib/python3.11`, never
/// copied into the repository; each file's SHA-256 is checked.
public enum PythonSources {
    /// The folder the files are read from.
    public static var folder: String {
        ProcessInfo.processInfo.environment["TERSIFY_CODE"] ?? "/usr/lib/python3.11"
    }

    /// The files and their SHA-256, in name order.
    static let manifest: [(file: String, sha256: String)] = [
        ("__future__.py", "981d4c398849f9ebcab72300d9c1fe288fd6d7f28957b3b3fa3a493a5836d95c"),
        ("_aix_support.py", "78790b6fd80cd62f8a6e49d79ec2b5921c6176d0dd41d1309c9cdbd0049c4071"),
        ("_compat_pickle.py", "12c8356a3d40bd0a336f13d7c6e2bed50d5c1a876563766a3175a6b328b5855e"),
        ("_compression.py", "3ad5d60627477a60939ee44fc1bb3a05dbe8fb52f0f75039b8f5d8f1a278b981"),
        ("_distutils_system_mod.py", "908ca39d80d5b0f0632e86bb2e898a87b9c6ccc472a14754f0e568f553da7585"),
        ("_markupbase.py", "cb14dd6f2e2439eb70b806cd49d19911363d424c2b6b9f4b73c9c08022d47030"),
        ("_py_abc.py", "f9c6fe3dd9b51bd7d93f867356e9d362600c924febfd903ee1c6e298860dca92"),
        ("_sitebuiltins.py", "b9388bc1d6d12ed6be12da420ab1feca40f99c0e33ec315d92b1e01cb69b25bc"),
        ("_threading_local.py", "e1bf3dae66d0bfa63c8bb8a1d10c611203c35c636f7f5191fd56105788ef29cb"),
        ("_weakrefset.py", "91895a451d06e9f521a1171b31b9b19bc9740f35af00d4fa106338ab7167c9ac"),
        ("abc.py", "16a41c547e7c10342698791f0ad01f427f953e90217c5a45f71e8caea26e43cd"),
        ("asynchat.py", "63fe1a2fd717d09ad462ca87adf57d8963c67a58e18c40340d5c9e39390ccf94"),
        ("bisect.py", "e5b2ff166f48a06e70ae831d8c9b47283fcd0c254306eee12d3dae9c55e11526"),
        ("bz2.py", "76ab3252924e71e859d7d90e8d3db13b6554975cfcac0fdadced4de7f8779330"),
        ("cProfile.py", "54ed0d7dd1b490e311c97073ae2afc6b15bce1df7f80a3ad6482397b72f38b30"),
        ("cgitb.py", "401f791a56480b5b53e207d71a904e6352c5e7fc3f7cc9124c75bd1c59a5c011"),
        ("chunk.py", "4817eb94eeb8835c3325433f68f17e0ebbf7c96065ecf6aba3af7852f9a5314b"),
        ("cmd.py", "fb82a8c4e44e5b559c88d516d79051534cec69a463df97defe05ac8a261f0a0d"),
        ("code.py", "266841655656d5b2370e80addcdb959f5173142d5e3778b489e734802447c5e8"),
        ("codeop.py", "3d26b2db4b9f92ade8b88c66afddb31d43cc2dd30c45962e166ef0e207e59539"),
        ("colorsys.py", "c9f6f8c571b85526b89c6008bb1f2ad87ddcea6d9d3715e4ed3fe2efd81415bf"),
        ("copy.py", "27dcfc53a4b9d4fbc3d90c74e549eb6eca9301524d6d2fbff9a6589cf51b6fd5"),
        ("copyreg.py", "5499e1be7ba52d4715a911ae65ef2d703db9379d21fff2a07fad8877c318e070"),
        ("crypt.py", "208df2ff33c19056345dcf5474abef1a58da799e2f3bab09d1d28b77ad3c623d"),
        ("filecmp.py", "178f19895fdd43d5d3865b2bfe9ae7b665611a30d29cfc23d44f01417774851c"),
        ("fileinput.py", "d507b16c4fa6860fe652bd7e8e788e7b145ef36bb85d306d93a265076030d134"),
        ("fnmatch.py", "6683da36e47af523f3f41e18ad244d837783e19e98911cc0b7415dea81494ebc"),
        ("genericpath.py", "9d58ad64056a89f12258a62596c2073cd9e52b459dde152f710edc0cffcd865b"),
        ("getopt.py", "efafb88c7c978e96bd6c232b7fa10bf50cef5e7fb0fb7dc8e5bce44e19f8c92f"),
        ("getpass.py", "e74fd445337ff503223dd8aa4bdd7d04917067d00c796a10bedb7a1381a4960a"),
        ("glob.py", "fa579f8a50a66313d34d339f10be0821c9b4fed6207e8ba8e29ed1c5e119f740"),
        ("graphlib.py", "7bd338c5a475d1101064603d3baa5507446d3c5e73f741f6d6e77c6204c1eb65"),
        ("hashlib.py", "e2bffb462e4d43e6637b9450e259e8ba2a56626ba3037d68aa1cee68b3f61d4a"),
        ("hmac.py", "a4790b3cfd1b58875879621dbe8f4c0a30fb50a8582045b0d5c1a712afc8c36b"),
        ("imghdr.py", "cd784fa55c7e285970600018940bd82e99a82aad3f2d095c53d6612095c24133"),
        ("imp.py", "3c64d27e656df0baaefb1f0953e25a865d18085b07422fdcfba8705c7b3893be"),
        ("io.py", "0bb3f9ba75c78b4ad69dedcfb0b360b4503188cf17a632579a70d398bd9ca0e4"),
        ("linecache.py", "e814839fc75010db274ae034f45b0fff7e529ccb702319048545fef84c2045b7"),
        ("lzma.py", "58fb9d2fdc8a8af7b25e218f17ea3b51bdfa53bdf40f440ab33c605974ca5c2e"),
        ("mailcap.py", "b85eccb4567c5c7652b08fe1308fd2337fc5f206d805faad908cb98e35b0eeb8"),
        ("netrc.py", "6394e8e650d04c26ed20b6058d5e93119f544ef1bd00aefb942297d2e2f6c7e1"),
        ("numbers.py", "6d70991643a109e9c99e94d6ea2734a995fa8e89114a70ea09737413fa9ae292"),
        ("opcode.py", "e6fc6dc49ced415d6ec285aaf1076148b8c4cb253d3a4d2384a7bab994d394bf"),
        ("operator.py", "b2af20f67667203c1730e686cc5d0427becc94db4c97f1d3efe3ed2158473f6a"),
        ("pipes.py", "153f2d249d954b5536c6a049202617ff43ba2f9b109c426e06676c577ddedc61"),
        ("poplib.py", "7b341e6adb4e4341b211a221a7224849ea415fc1e39c014b05ae7d9a566819f4"),
        ("pty.py", "eded59f53eb5c3cceee139935d8fb11e723dc460785909492cd2e937f6494fb5"),
        ("py_compile.py", "ba0e2ea55612c24ed88c075bdf37dba1527492bd848b1b7f068bbbb3371ac2d9"),
        ("pyclbr.py", "e8ca09333701ba41244e20b8c2c37b7ed0499b88c4b2ca82cac51ef89ca9e647"),
        ("queue.py", "f6c37fc37cd7440979f7d22d40ee818fa3b714c573610c08fa52911d541193f0"),
        ("quopri.py", "df3b336e5de5b64ed204ccb6be6af694cd0bf199830b1a56e11d864724a953e9"),
        ("reprlib.py", "264433cc232332db871666b3bb6e4c2cb97b092cb8d5056a45ec2e53daea2b1c"),
        ("rlcompleter.py", "fee9ad9c55529be48329b78e982fbba0201bd218326eaf80a87996c9f8c805bb"),
        ("runpy.py", "f7af4206d8cbb27fce7731174b190edd6569ec3fad060a727d4bfcde69dd965c"),
        ("sched.py", "edfb309483d7cb05e06ad86d1fdeb819629f71402dc6710a1bec36c7afcaac50"),
        ("shelve.py", "b978c6f0ffa901b041d6518afed03f2938a62168066013ee7d23baac31c356c0"),
        ("shlex.py", "42ab6060f316e121e374e6621d8c1c98b8db323903c3df289a810c45a8ae46a7"),
        ("sndhdr.py", "d1cb49f6545ef831a69322275ef26f6ca6964953e70d81a8a80fcca8d600ffc0"),
        ("stat.py", "052af0327eae6941b69b05c088b3e748f79995635f80ac4cc7125eb333eb4c77"),
        ("string.py", "24aeae1f0526250f442022022bf98df9a823b1cb330543ee79e70e44907462e9"),
        ("stringprep.py", "60b6c83581093029312efb6670b11c540090b3f78bcf72264467b494f02f21a5"),
        ("symtable.py", "ce90d8e945776674b15302527e3d56d053276356cecc373eeb4e558623240b0c"),
        ("tabnanny.py", "73bc1829f10634726db7a22f1cb5c06f76802d54cd7edba0ecff145156caa2f8"),
        ("timeit.py", "86b8a277862aaa9da236a728244b866d32ab97cf42e5ded9787cce27b1671610"),
        ("types.py", "0c08fbb650c37535a7d8361fc12029e3f4c72a418cf564e8779dae14b979e5ba"),
        ("uu.py", "4baa10d63f185c89d7b9e5150e296044e7551fcca5384099d80d56922f818659"),
        ("xdrlib.py", "b881d9c59e381f0f01f10e911c2f1b483b1abe466d9a985f9acdeac30b0c8d6f"),
        ("zipapp.py", "776078e89fd7dadbce41678f8bacd3b493135e6d610911c867489415420de383"),
    ]

    /// The files, as (name, text), verified.
    ///
    /// - Throws: `BenchError.codeMissing` for a missing file,
    ///   `checksumMismatch` for a changed one.
    public static func load(from folder: String = PythonSources.folder) throws(BenchError) -> [(name: String, text: String)] {
        var files: [(name: String, text: String)] = []
        for (file, expected) in manifest {
            let path = folder + "/" + file
            guard let data = FileManager.default.contents(atPath: path) else { throw .codeMissing(file: file, folder: folder) }
            let actual = SHA256Digest.hex(Array(data))
            guard actual == expected else { throw .checksumMismatch(file: file, expected: expected, actual: actual) }
            files.append((file, String(decoding: data, as: UTF8.self)))
        }
        return files
    }
}
