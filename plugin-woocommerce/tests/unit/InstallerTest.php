<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Tests\Support\TestCase;

/**
 * bin/install against a fake `wp` (WP-CLI) or a fake WordPress directory, and a fake `exact-sidecar`.
 */
final class InstallerTest extends TestCase
{
    /** @var string */
    private $dir = '';

    protected function setUp(): void
    {
        parent::setUp();
        $this->dir = sys_get_temp_dir() . '/exact-sidecar-install-' . bin2hex(random_bytes(4));
        mkdir($this->dir . '/bin', 0777, true);
        mkdir($this->dir . '/wordpress/wp-admin/includes', 0777, true);
        file_put_contents($this->dir . '/wordpress/wp-config.php', "<?php\n");
        $this->script('exact-sidecar', <<<'SH'
#!/bin/sh
echo "exact-sidecar $*" >> "$FAKE_LOG"
echo '{"id": "shp_new01", "secret": "s3cr3t-from-the-sidecar"}'
SH
        );
    }

    protected function tearDown(): void
    {
        exec('rm -rf ' . escapeshellarg($this->dir));
        parent::tearDown();
    }

    private function script(string $name, string $body): void
    {
        file_put_contents($this->dir . '/bin/' . $name, $body . "\n");
        chmod($this->dir . '/bin/' . $name, 0755);
    }

    private function fakeWpCli(): void
    {
        $this->script('wp', <<<'SH'
#!/bin/sh
stdin=""
if [ "$2 $3 $4" = "option update exact_sidecar_secret" ] || [ "$3 $4 $5" = "option update exact_sidecar_secret" ]; then
    stdin="$(cat)"
fi
echo "wp $* <<$stdin" >> "$FAKE_LOG"
case "$*" in
    *"option get home"*) echo "https://shop.example" ;;
    *"option get blogname"*) echo "Koffiehuis" ;;
    *"option get exact_sidecar_shop_id"*) [ -n "$FAKE_SHOP_ID" ] && echo "$FAKE_SHOP_ID" || exit 1 ;;
esac
exit 0
SH
        );
    }

    /**
     * @param array<int,string> $args
     * @param array<string,string> $env
     * @return array{0:int,1:string,2:string}
     */
    private function install(array $args, array $env = []): array
    {
        $command = array_merge([dirname(__DIR__, 2) . '/bin/install'], $args);
        $env = $env + [
            'PATH' => $this->dir . '/bin:/usr/bin:/bin',
            'FAKE_LOG' => $this->dir . '/log',
            'FAKE_SHOP_ID' => '',
            'TMPDIR' => $this->dir,
        ];
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, $this->dir, $env);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        return [proc_close($process), $out, $err];
    }

    private function log(): string
    {
        return is_file($this->dir . '/log') ? (string) file_get_contents($this->dir . '/log') : '';
    }

    public function testWithWpCliInstallsRegistersAndWritesOptions(): void
    {
        $this->fakeWpCli();
        [$code, $out, $err] = $this->install(['--wp', $this->dir . '/wordpress', '--sidecar-url', 'https://sidecar.example/']);
        $this->assertSame(0, $code, $err);
        $log = $this->log();
        $this->assertMatchesRegularExpression('#wp --path=\S+/wordpress (--allow-root )?plugin install \S+/exact-sidecar-0\.1\.0\.zip --force --activate#', $log);
        $this->assertStringContainsString('exact-sidecar shop add --platform woocommerce --url https://shop.example --name Koffiehuis --json', $log);
        $this->assertMatchesRegularExpression('#option update exact_sidecar_url https://sidecar.example <<#', $log);
        $this->assertStringContainsString('option update exact_sidecar_shop_id shp_new01', $log);
        $this->assertMatchesRegularExpression('#option update exact_sidecar_secret --autoload=no <<s3cr3t-from-the-sidecar#', $log, 'secret on stdin');
        $this->assertStringNotContainsString('exact_sidecar_secret s3cr3t', $log, 'never on a command line');
        $this->assertStringNotContainsString('s3cr3t', $out . $err, 'never printed');
        $this->assertStringContainsString('registered as shop shp_new01', $out);
    }

    public function testAnAlreadyRegisteredSiteKeepsItsShop(): void
    {
        $this->fakeWpCli();
        [$code, $out] = $this->install(['--wp', $this->dir . '/wordpress', '--sidecar-url', 'https://sidecar.example'], ['FAKE_SHOP_ID' => 'shp_old']);
        $this->assertSame(0, $code);
        $this->assertStringNotContainsString('shop add', $this->log());
        $this->assertStringContainsString('already has shop id shp_old', $out);
    }

    public function testWithoutWpCliUsesWpLoad(): void
    {
        $state = $this->dir . '/options.json';
        file_put_contents($this->dir . '/wordpress/wp-admin/includes/plugin.php', "<?php\n");
        file_put_contents($this->dir . '/wordpress/wp-load.php', <<<PHP
<?php
define('ABSPATH', __DIR__ . '/');
function exact_test_options() { return is_file('$state') ? json_decode(file_get_contents('$state'), true) : ['home' => 'https://shop.example', 'blogname' => 'Koffiehuis']; }
function get_option(\$n, \$d = false) { \$o = exact_test_options(); return \$o[\$n] ?? \$d; }
function update_option(\$n, \$v, \$a = null) { \$o = exact_test_options(); \$o[\$n] = \$v; file_put_contents('$state', json_encode(\$o)); return true; }
function activate_plugin(\$p) { update_option('active', \$p); return null; }
function is_wp_error(\$x) { return false; }
PHP
        );
        [$code, $out, $err] = $this->install(['--wp', $this->dir . '/wordpress', '--sidecar-url', 'https://sidecar.example', '--name', 'Mijn winkel']);
        $this->assertSame(0, $code, $err);
        $this->assertFileExists($this->dir . '/wordpress/wp-content/plugins/exact-sidecar/exact-sidecar.php');
        $this->assertFileExists($this->dir . '/wordpress/wp-content/plugins/exact-sidecar/src/Delivery/Deliverer.php');
        $this->assertDirectoryDoesNotExist($this->dir . '/wordpress/wp-content/plugins/exact-sidecar/tests');
        $options = json_decode((string) file_get_contents($state), true);
        $this->assertSame('exact-sidecar/exact-sidecar.php', $options['active']);
        $this->assertSame('https://sidecar.example', $options['exact_sidecar_url']);
        $this->assertSame('shp_new01', $options['exact_sidecar_shop_id']);
        $this->assertSame('s3cr3t-from-the-sidecar', $options['exact_sidecar_secret']);
        $this->assertStringContainsString("--name Mijn winkel --json", $this->log());
        $this->assertStringNotContainsString('s3cr3t', $out . $err);
    }

    public function testBadArgumentsAreRefusedClearly(): void
    {
        [$code, , $err] = $this->install(['--wp', $this->dir . '/nowhere', '--sidecar-url', 'https://s.example']);
        $this->assertSame(1, $code);
        $this->assertStringContainsString('is not a WordPress directory', $err);
        [$code, , $err] = $this->install(['--wp', $this->dir . '/wordpress', '--sidecar-url', 'sidecar.example']);
        $this->assertSame(1, $code);
        $this->assertStringContainsString('must start with https://', $err);
        [$code, , $err] = $this->install(['--wp', $this->dir . '/wordpress']);
        $this->assertSame(1, $code);
        $this->assertStringContainsString('--sidecar-url is required', $err);
    }

    public function testASidecarThatDoesNotAnswerJsonStopsTheInstall(): void
    {
        $this->fakeWpCli();
        $this->script('exact-sidecar', "#!/bin/sh\necho 'Shop added: shp_x'\n");
        [$code, , $err] = $this->install(['--wp', $this->dir . '/wordpress', '--sidecar-url', 'https://sidecar.example']);
        $this->assertSame(1, $code);
        $this->assertStringContainsString("unexpected answer from 'shop add --json'", $err);
        $this->assertStringNotContainsString('option update', $this->log(), 'no options written');
    }
}
