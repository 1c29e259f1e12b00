<?php

/**
 * Plugin Name:          Exact Online Sidecar for WooCommerce
 * Plugin URI:           https://github.com/exact-sidecar/exact-sidecar
 * Description:          Sends WooCommerce orders, refunds and customers to a self-hosted exact-sidecar, which books them in Exact Online, and shows their Exact state on the order.
 * Version:              0.1.0
 * Author:               exact-sidecar contributors
 * License:              GPL-2.0-or-later
 * License URI:          https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:          exact-sidecar
 * Domain Path:          /languages
 * Requires at least:    6.5
 * Tested up to:         6.8
 * Requires PHP:         7.4
 * Requires Plugins:     woocommerce
 * WC requires at least: 8.0
 * WC tested up to:      10.0
 *
 * @package ExactSidecar
 */

defined('ABSPATH') || exit;

define('EXACT_SIDECAR_VERSION', '0.1.0');
define('EXACT_SIDECAR_FILE', __FILE__);
define('EXACT_SIDECAR_DIR', __DIR__);
define('EXACT_SIDECAR_MIN_WC', '8.0');

require_once __DIR__ . '/src/autoload.php';

// HPOS (custom order tables) and cart/checkout blocks: declared on this, the main plugin file.
add_action('before_woocommerce_init', static function (): void {
    if (class_exists('\Automattic\WooCommerce\Utilities\FeaturesUtil')) {
        \Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility('custom_order_tables', __FILE__, true);
        \Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility('cart_checkout_blocks', __FILE__, true);
    }
});

register_activation_hook(__FILE__, ['\ExactSidecar\Lifecycle', 'activate']);
register_deactivation_hook(__FILE__, ['\ExactSidecar\Lifecycle', 'deactivate']);

add_action('plugins_loaded', ['\ExactSidecar\Plugin', 'boot']);
