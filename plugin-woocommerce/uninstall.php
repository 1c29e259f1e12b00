<?php

/**
 * Uninstall: removes the plugin's options, its WooCommerce REST key and user, and its scheduled actions.
 * Order notes and order meta are kept.
 *
 * @package ExactSidecar
 */

defined('WP_UNINSTALL_PLUGIN') || exit;

require_once __DIR__ . '/src/autoload.php';

\ExactSidecar\Lifecycle::uninstall();
