<?php

namespace ExactSidecar\Tests;

use Automattic\WooCommerce\Utilities\FeaturesUtil;
use ExactSidecar\Plugin;
use ExactSidecar\Tests\Support\TestCase;

/**
 * The main plugin file: header, compatibility declarations, activation hooks, WooCommerce checks.
 */
final class PluginTest extends TestCase
{
    private static function mainFile(): string
    {
        return dirname(__DIR__, 2) . '/exact-sidecar.php';
    }

    /**
     * @return array<string,string>
     */
    private static function header(): array
    {
        $source = (string) file_get_contents(self::mainFile());
        preg_match_all('/^\s*\*\s*([A-Za-z ]+):\s*(.+)$/m', substr($source, 0, 4096), $m, PREG_SET_ORDER);
        $header = [];
        foreach ($m as $match) {
            $header[trim($match[1])] = trim($match[2]);
        }
        return $header;
    }

    public function testHeaderDeclaresRequirements(): void
    {
        $header = self::header();
        $this->assertSame('woocommerce', $header['Requires Plugins']);
        $this->assertSame('7.4', $header['Requires PHP']);
        $this->assertSame('8.0', $header['WC requires at least']);
        $this->assertArrayHasKey('WC tested up to', $header);
        $this->assertArrayHasKey('Requires at least', $header);
        $this->assertSame('exact-sidecar', $header['Text Domain']);
        $this->assertSame('/languages', $header['Domain Path']);
        $this->assertSame(\ExactSidecar\Config::VERSION, $header['Version'], 'one version everywhere');
    }

    public function testMainFileDeclaresHposAndBlocksCompatibilityAndRegistersLifecycle(): void
    {
        require_once self::mainFile();
        FeaturesUtil::$declared = [];
        do_action('before_woocommerce_init');
        $this->assertSame([
            ['custom_order_tables', realpath(self::mainFile()), true],
            ['cart_checkout_blocks', realpath(self::mainFile()), true],
        ], FeaturesUtil::$declared);
        $this->assertNotFalse(has_action('activate_plugin-woocommerce/exact-sidecar.php'));
        $this->assertNotFalse(has_action('deactivate_plugin-woocommerce/exact-sidecar.php'));
        $this->assertNotFalse(has_action('plugins_loaded', ['\ExactSidecar\Plugin', 'boot']));
    }

    public function testWooCommerceVersionCheck(): void
    {
        $this->assertNull(Plugin::woocommerceProblem('10.0.2'));
        $this->assertNull(Plugin::woocommerceProblem('8.0.0'));
        $this->assertSame('too_old', Plugin::woocommerceProblem('7.9.1'));
        $this->assertNull(Plugin::woocommerceProblem(), 'the stand-in WooCommerce is 10.0.2');
    }

    public function testNoticeWordsForMissingAndOldWooCommerce(): void
    {
        \WpState::$caps = ['activate_plugins' => true];
        ob_start();
        Plugin::renderWooCommerceNotice('missing');
        Plugin::renderWooCommerceNotice('too_old');
        $html = (string) ob_get_clean();
        $this->assertStringContainsString('needs WooCommerce. Install and activate it first.', $html);
        $this->assertStringContainsString('needs WooCommerce 8.0 or newer; this site runs 10.0.2.', $html);
        \WpState::$caps = [];
        ob_start();
        Plugin::renderWooCommerceNotice('missing');
        $this->assertSame('', ob_get_clean(), 'only for users who can act on it');
    }

    public function testBootRegistersHooksAndTheDeliveryAction(): void
    {
        $GLOBALS['wp_stub_is_admin'] = true;
        Plugin::boot();
        $this->assertNotFalse(has_action('woocommerce_order_status_changed'));
        $this->assertNotFalse(has_action('exact_sidecar_deliver'));
        $this->assertSame(2, \WpState::$actions['exact_sidecar_deliver'][0][2]);
        $this->assertNotFalse(has_action('http_api_curl'));
        $this->assertNotFalse(has_action('woocommerce_settings_exact_sidecar'));
        $this->assertNotFalse(has_action('admin_post_exact_sidecar_test'));
        $this->assertNotFalse(has_action('add_meta_boxes'));
        $this->assertNotFalse(has_action('init', [Plugin::class, 'loadTextdomain']));
    }
}
