<?php

namespace ExactSidecar;

use ExactSidecar\Admin\AdminActions;
use ExactSidecar\Admin\OrderAdmin;
use ExactSidecar\Admin\SettingsPage;
use ExactSidecar\Credentials\ApiCredentials;
use ExactSidecar\Delivery\Deliverer;
use ExactSidecar\Delivery\OptionStateStore;
use ExactSidecar\Delivery\OrderObserver;
use ExactSidecar\Delivery\Outbox;
use ExactSidecar\Delivery\RestPayloadSource;
use ExactSidecar\Http\SidecarClient;
use ExactSidecar\Http\WpHttpTransport;

/**
 * Wiring. Runs on plugins_loaded; does nothing but show a notice when WooCommerce is missing or too old.
 */
final class Plugin
{
    public const MIN_WC = '8.0';

    /** @var bool */
    private static $booted = false;

    public static function boot(): void
    {
        if (self::$booted) {
            return;
        }
        self::$booted = true;
        add_action('init', [self::class, 'loadTextdomain']);
        $problem = self::woocommerceProblem();
        if ($problem !== null) {
            add_action('admin_notices', static function () use ($problem): void {
                self::renderWooCommerceNotice($problem);
            });
            return;
        }

        WpHttpTransport::register();
        $store = new OptionStateStore();
        $outbox = new Outbox($store);
        $configured = static function (): bool {
            return Config::fromOptions()->isConfigured();
        };
        (new EventHooks($outbox, [ApiCredentials::class, 'userId'], $configured))->register();

        add_action(Config::ACTION_HOOK, static function ($type, $entityId = '') use ($store, $outbox): void {
            $deliverer = new Deliverer(
                self::client(),
                new RestPayloadSource([ApiCredentials::class, 'ensureUser']),
                $store,
                $outbox,
                new OrderObserver()
            );
            $deliverer->handleAction($type, $entityId);
        }, 10, 2);

        if (is_admin()) {
            (new SettingsPage())->register();
            (new AdminActions($outbox))->register();
            (new OrderAdmin())->register();
        }
    }

    public static function client(): SidecarClient
    {
        return new SidecarClient(Config::fromOptions(), new WpHttpTransport());
    }

    public static function loadTextdomain(): void
    {
        load_plugin_textdomain('exact-sidecar', false, dirname(plugin_basename(EXACT_SIDECAR_FILE)) . '/languages');
    }

    /**
     * 'missing', 'too_old' or null.
     */
    public static function woocommerceProblem(?string $version = null): ?string
    {
        if ($version === null) {
            if (!defined('WC_VERSION')) {
                return class_exists('WooCommerce') ? null : 'missing';
            }
            $version = (string) constant('WC_VERSION');
        }
        return version_compare($version, self::MIN_WC, '<') ? 'too_old' : null;
    }

    public static function renderWooCommerceNotice(string $problem): void
    {
        if (!current_user_can('activate_plugins')) {
            return;
        }
        if ($problem === 'missing') {
            $text = __('Exact Online Sidecar needs WooCommerce. Install and activate it first.', 'exact-sidecar');
        } else {
            $text = sprintf(
                /* translators: 1: required WooCommerce version, 2: installed version */
                __('Exact Online Sidecar needs WooCommerce %1$s or newer; this site runs %2$s.', 'exact-sidecar'),
                self::MIN_WC,
                defined('WC_VERSION') ? (string) constant('WC_VERSION') : '?'
            );
        }
        echo '<div class="notice notice-error"><p>' . esc_html($text) . '</p></div>';
    }
}
