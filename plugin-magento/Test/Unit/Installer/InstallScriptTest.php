<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Installer;

use PHPUnit\Framework\TestCase;

/**
 * Runs bin/install against a fake Magento root whose bin/magento records its arguments, and a fake sidecar CLI.
 */
class InstallScriptTest extends TestCase
{
    /** @var string */
    private $dir = '';

    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/exact-sidecar-install-' . bin2hex(random_bytes(6));
        mkdir($this->dir . '/magento/bin', 0777, true);
        mkdir($this->dir . '/magento/app/etc', 0777, true);
        file_put_contents($this->dir . '/magento/app/etc/env.php', "<?php\nreturn [];\n");
        file_put_contents($this->dir . '/magento/bin/magento', <<<'PHP'
<?php
$args = array_slice($argv, 1);
file_put_contents(__DIR__ . '/../calls.log', json_encode($args) . "\n", FILE_APPEND);
if (($args[0] ?? '') === 'config:show') {
    echo "https://shop.example.nl/\n";
}
PHP
        );
        file_put_contents(
            $this->dir . '/sidecar-cli',
            "#!/usr/bin/env bash\necho \"\$*\" > " . escapeshellarg($this->dir . '/cli.log') . "\n"
            . "echo '{\"id\": \"shp_new\", \"secret\": \"fresh-secret-123\"}'\n"
        );
        chmod($this->dir . '/sidecar-cli', 0755);
    }

    protected function tearDown(): void
    {
        exec('rm -rf ' . escapeshellarg($this->dir));
    }

    /**
     * @param string[] $args
     * @param array<string, string> $env
     * @return array{0: int, 1: string, 2: string}
     */
    private function install(array $args, array $env = []): array
    {
        $process = proc_open(
            array_merge(['bash', dirname(__DIR__, 3) . '/bin/install'], $args),
            [1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
            $pipes,
            $this->dir,
            $env + ['PATH' => (string) getenv('PATH')]
        );
        $this->assertIsResource($process);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        return [proc_close($process), $out, $err];
    }

    /**
     * @return array<int, string[]>
     */
    private function calls(): array
    {
        $log = $this->dir . '/magento/calls.log';
        if (!is_file($log)) {
            return [];
        }
        return array_map(static function (string $line): array {
            return json_decode($line, true);
        }, file($log, FILE_IGNORE_NEW_LINES));
    }

    public function testRegistersCopiesEnablesAndConfiguresInOneCommand(): void
    {
        [$code, $out, $err] = $this->install([
            '--magento-root', $this->dir . '/magento',
            '--sidecar-url', 'https://sidecar.example.nl/',
            '--register',
            '--sidecar-cli', $this->dir . '/sidecar-cli',
            '--php', PHP_BINARY,
        ]);
        $this->assertSame(0, $code, $out . $err);
        $target = $this->dir . '/magento/app/code/ExactSidecar/Connector';
        $this->assertFileExists($target . '/registration.php');
        $this->assertFileExists($target . '/etc/module.xml');
        $this->assertDirectoryDoesNotExist($target . '/Test', 'tests are not installed');
        $this->assertDirectoryDoesNotExist($target . '/bin');
        $this->assertSame(
            '--platform magento --url https://shop.example.nl/ --name shop.example.nl --json',
            trim(str_replace('shop add ', '', (string) file_get_contents($this->dir . '/cli.log')))
        );
        $this->assertSame([
            ['module:enable', 'ExactSidecar_Connector'],
            ['setup:upgrade', '--keep-generated'],
            ['config:show', 'web/secure/base_url'],
            ['config:set', 'exact_sidecar/connection/sidecar_url', 'https://sidecar.example.nl'],
            ['config:set', 'exact_sidecar/connection/shop_id', 'shp_new'],
            ['config:set', 'exact_sidecar/connection/secret', 'fresh-secret-123'],
            ['config:set', 'exact_sidecar/connection/enabled', '1'],
            ['cache:flush', 'config'],
        ], $this->calls());
        $this->assertStringNotContainsString('fresh-secret-123', $out . $err, 'the secret is never printed');
        $this->assertStringContainsString('shop id: shp_new', $out);
    }

    public function testExistingShopWithSecretFromTheEnvironment(): void
    {
        [$code, $out, $err] = $this->install([
            '--magento-root', $this->dir . '/magento',
            '--sidecar-url', 'https://sidecar.example.nl',
            '--shop-id', 'shp_demo01',
            '--skip-upgrade',
            '--php', PHP_BINARY,
        ], ['EXACT_SIDECAR_SECRET' => 'env-secret-456']);
        $this->assertSame(0, $code, $out . $err);
        $calls = $this->calls();
        $this->assertNotContains(['setup:upgrade', '--keep-generated'], $calls);
        $this->assertContains(['config:set', 'exact_sidecar/connection/secret', 'env-secret-456'], $calls);
        $this->assertStringNotContainsString('env-secret-456', $out . $err);
    }

    public function testBadInputStopsBeforeTouchingTheShop(): void
    {
        $root = $this->dir . '/magento';
        $cases = [
            [['--sidecar-url', 'https://s.test', '--shop-id', 'x'], 'magento-root is required'],
            [['--magento-root', $this->dir, '--sidecar-url', 'https://s.test', '--shop-id', 'x'], 'not a Magento root'],
            [['--magento-root', $root, '--sidecar-url', 'http://s.test', '--shop-id', 'x'], 'https://'],
            [['--magento-root', $root, '--sidecar-url', 'https://s.test', '--shop-id', 'x'], 'secret is missing'],
            [['--magento-root', $root, '--sidecar-url', 'https://s.test'], '--register is required'],
        ];
        foreach ($cases as [$args, $message]) {
            [$code, , $err] = $this->install($args);
            $this->assertSame(2, $code, $message);
            $this->assertStringContainsString($message, $err);
        }
        $this->assertSame([], $this->calls());
        $this->assertDirectoryDoesNotExist($this->dir . '/magento/app/code');
    }
}
