<?php

/**
 * WordPress / WooCommerce / Action Scheduler function stand-ins (global functions, as in WordPress).
 * Only what the plugin calls; behaviour follows the documented WordPress behaviour closely enough for the
 * plugin's logic, and records calls in WpState.
 */

// phpcs:disable Squiz.Functions.GlobalFunction, PSR1.Files.SideEffects

if (!defined('ABSPATH')) {
    define('ABSPATH', '/tmp/wordpress/');
}
if (!defined('WC_VERSION')) {
    define('WC_VERSION', '10.0.2');
}

// ---- hooks ----------------------------------------------------------------------------------------

function add_action(string $hook, $callback, int $priority = 10, int $acceptedArgs = 1): bool
{
    WpState::$actions[$hook][] = [$callback, $priority, $acceptedArgs];
    return true;
}

function add_filter(string $hook, $callback, int $priority = 10, int $acceptedArgs = 1): bool
{
    WpState::$filters[$hook][] = [$callback, $priority, $acceptedArgs];
    return true;
}

function has_action(string $hook, $callback = false)
{
    foreach (WpState::$actions[$hook] ?? [] as $entry) {
        if ($callback === false || $entry[0] == $callback) {
            return $entry[1];
        }
    }
    return false;
}

function has_filter(string $hook, $callback = false)
{
    foreach (WpState::$filters[$hook] ?? [] as $entry) {
        if ($callback === false || $entry[0] == $callback) {
            return $entry[1];
        }
    }
    return false;
}

function do_action(string $hook, ...$args): void
{
    foreach (WpState::$actions[$hook] ?? [] as $entry) {
        call_user_func_array($entry[0], array_slice($args, 0, $entry[2]));
    }
}

function apply_filters(string $hook, $value, ...$args)
{
    foreach (WpState::$filters[$hook] ?? [] as $entry) {
        $value = call_user_func_array($entry[0], array_slice(array_merge([$value], $args), 0, $entry[2]));
    }
    return $value;
}

// ---- options, transients ----------------------------------------------------------------------------

function get_option(string $name, $default = false)
{
    return array_key_exists($name, WpState::$options) ? WpState::$options[$name] : $default;
}

function update_option(string $name, $value, $autoload = null): bool
{
    WpState::$options[$name] = $value;
    return true;
}

function add_option(string $name, $value = '', $deprecated = '', $autoload = 'yes'): bool
{
    if (array_key_exists($name, WpState::$options)) {
        return false;
    }
    WpState::$options[$name] = $value;
    return true;
}

function delete_option(string $name): bool
{
    $existed = array_key_exists($name, WpState::$options);
    unset(WpState::$options[$name]);
    return $existed;
}

function set_transient(string $name, $value, int $expiration = 0): bool
{
    WpState::$transients[$name] = $value;
    return true;
}

function get_transient(string $name)
{
    return WpState::$transients[$name] ?? false;
}

function delete_transient(string $name): bool
{
    unset(WpState::$transients[$name]);
    return true;
}

// ---- i18n and escaping ----------------------------------------------------------------------------

function __(string $text, string $domain = 'default'): string
{
    return $text;
}

function _x(string $text, string $context, string $domain = 'default'): string
{
    return $text;
}

function _n(string $single, string $plural, int $number, string $domain = 'default'): string
{
    return $number === 1 ? $single : $plural;
}

function esc_html__(string $text, string $domain = 'default'): string
{
    return esc_html($text);
}

function esc_attr__(string $text, string $domain = 'default'): string
{
    return esc_attr($text);
}

function esc_html_e(string $text, string $domain = 'default'): void
{
    echo esc_html($text);
}

function esc_attr_e(string $text, string $domain = 'default'): void
{
    echo esc_attr($text);
}

function esc_html($text): string
{
    return htmlspecialchars((string) $text, ENT_QUOTES, 'UTF-8');
}

function esc_attr($text): string
{
    return htmlspecialchars((string) $text, ENT_QUOTES, 'UTF-8');
}

function esc_textarea($text): string
{
    return htmlspecialchars((string) $text, ENT_QUOTES, 'UTF-8');
}

function esc_url($url): string
{
    return htmlspecialchars((string) $url, ENT_QUOTES, 'UTF-8');
}

function esc_url_raw($url): string
{
    return (string) $url;
}

function wp_kses_post($html): string
{
    return (string) $html;
}

function sanitize_text_field($value): string
{
    return trim(preg_replace('/[\r\n\t ]+/', ' ', strip_tags((string) $value)));
}

function sanitize_key($key): string
{
    return preg_replace('/[^a-z0-9_\-]/', '', strtolower((string) $key));
}

function wp_unslash($value)
{
    return is_array($value) ? array_map('wp_unslash', $value) : stripslashes((string) $value);
}

function absint($value): int
{
    return abs((int) $value);
}

function wp_json_encode($value, int $flags = 0)
{
    return json_encode($value, $flags);
}

function wp_generate_uuid4(): string
{
    $bytes = random_bytes(16);
    $bytes[6] = chr(ord($bytes[6]) & 0x0f | 0x40);
    $bytes[8] = chr(ord($bytes[8]) & 0x3f | 0x80);
    return vsprintf('%s%s-%s-%s-%s-%s%s%s', str_split(bin2hex($bytes), 4));
}

function selected($a, $b = true, bool $echo = true): string
{
    $out = ((string) $a === (string) $b) ? ' selected="selected"' : '';
    if ($echo) {
        echo $out;
    }
    return $out;
}

function checked($a, $b = true, bool $echo = true): string
{
    $out = ((string) $a === (string) $b) ? ' checked="checked"' : '';
    if ($echo) {
        echo $out;
    }
    return $out;
}

// ---- HTTP -----------------------------------------------------------------------------------------

function wp_remote_request(string $url, array $args = [])
{
    WpState::$httpRequests[] = ['url' => $url, 'args' => $args];
    if (WpState::$httpResponses === []) {
        throw new LogicException('Unexpected HTTP request to ' . $url . ' (no answer queued in the test).');
    }
    return array_shift(WpState::$httpResponses);
}

function is_wp_error($thing): bool
{
    return $thing instanceof WP_Error;
}

function wp_remote_retrieve_response_code($response)
{
    return is_array($response) ? $response['response']['code'] : '';
}

function wp_remote_retrieve_headers($response)
{
    return is_array($response) ? $response['headers'] : [];
}

function wp_remote_retrieve_body($response): string
{
    return is_array($response) ? (string) $response['body'] : '';
}

// ---- users, capabilities, nonces --------------------------------------------------------------------

function get_current_user_id(): int
{
    return WpState::$currentUser;
}

function wp_set_current_user(int $id)
{
    WpState::$currentUser = $id;
    WpState::$userSwitches[] = $id;
    return null;
}

function current_user_can(string $capability, ...$args): bool
{
    return !empty(WpState::$caps[$capability]);
}

function wp_create_nonce($action = -1): string
{
    return 'nonce-' . $action . '-' . WpState::$currentUser;
}

function wp_verify_nonce($nonce, $action = -1)
{
    return is_string($nonce) && hash_equals(wp_create_nonce($action), $nonce) ? 1 : false;
}

function check_admin_referer($action = -1, string $queryArg = '_wpnonce')
{
    $nonce = $_REQUEST[$queryArg] ?? '';
    $result = wp_verify_nonce($nonce, $action);
    if (!$result) {
        wp_die('The link you followed has expired.', 403);
    }
    return $result;
}

function wp_nonce_field($action = -1, string $name = '_wpnonce', bool $referer = true, bool $echo = true): string
{
    $field = '<input type="hidden" name="' . esc_attr($name) . '" value="' . esc_attr(wp_create_nonce($action)) . '" />';
    if ($echo) {
        echo $field;
    }
    return $field;
}

function wp_nonce_url(string $url, $action = -1, string $name = '_wpnonce'): string
{
    return add_query_arg($name, wp_create_nonce($action), $url);
}

function wp_die($message = '', $title = '', $args = []): void
{
    throw new WpDieException(is_string($message) ? $message : 'wp_die');
}

function wp_insert_user(array $data)
{
    foreach (WpState::$users as $user) {
        if ($user['user_login'] === $data['user_login']) {
            return new WP_Error('existing_user_login', 'Sorry, that username already exists!');
        }
    }
    $id = WpState::$nextUserId++;
    WpState::$users[$id] = $data + ['ID' => $id];
    return $id;
}

function get_userdata($id)
{
    return isset(WpState::$users[(int) $id]) ? (object) WpState::$users[(int) $id] : false;
}

function get_user_by(string $field, $value)
{
    foreach (WpState::$users as $id => $user) {
        if ($field === 'login' && $user['user_login'] === $value) {
            return (object) $user;
        }
        if ($field === 'id' && (int) $id === (int) $value) {
            return (object) $user;
        }
    }
    return false;
}

function wp_delete_user(int $id, $reassign = null): bool
{
    unset(WpState::$users[$id]);
    return true;
}

function wp_generate_password(int $length = 12, bool $special = true, bool $extra = false): string
{
    return substr(bin2hex(random_bytes($length)), 0, $length);
}

// ---- URLs, redirects --------------------------------------------------------------------------------

function admin_url(string $path = ''): string
{
    return 'https://shop.example/wp-admin/' . ltrim($path, '/');
}

function home_url(string $path = ''): string
{
    return 'https://shop.example' . ($path === '' ? '' : '/' . ltrim($path, '/'));
}

function rest_url(string $path = ''): string
{
    return 'https://shop.example/wp-json/' . ltrim($path, '/');
}

function is_ssl(): bool
{
    return WpState::$ssl;
}

function add_query_arg(...$args): string
{
    if (is_array($args[0])) {
        $params = $args[0];
        $url = $args[1] ?? '';
    } else {
        $params = [$args[0] => $args[1]];
        $url = $args[2] ?? '';
    }
    $parts = explode('?', $url, 2);
    $query = [];
    if (isset($parts[1])) {
        parse_str($parts[1], $query);
    }
    foreach ($params as $key => $value) {
        if ($value === false || $value === null) {
            unset($query[$key]);
        } else {
            $query[$key] = $value;
        }
    }
    return $parts[0] . ($query === [] ? '' : '?' . http_build_query($query));
}

function wp_redirect(string $location, int $status = 302): bool
{
    WpState::$redirects[] = $location;
    return true;
}

function wp_safe_redirect(string $location, int $status = 302): bool
{
    WpState::$redirects[] = $location;
    return true;
}

function current_time(string $type, bool $gmt = false)
{
    return $type === 'timestamp' ? WpState::$time : gmdate('Y-m-d H:i:s', WpState::$time);
}

// ---- REST (in-process) --------------------------------------------------------------------------------

function rest_do_request($request): WP_REST_Response
{
    $handler = WpState::$restRoutes[$request->route] ?? null;
    if ($handler === null) {
        return new WP_REST_Response(['code' => 'rest_no_route', 'message' => 'No route'], 404);
    }
    [$status, $data] = $handler($request);
    return new WP_REST_Response($data, $status);
}

function rest_get_server(): WP_REST_Server
{
    return new WP_REST_Server();
}

// ---- WooCommerce -------------------------------------------------------------------------------------

function wc_get_order($id)
{
    if ($id instanceof WC_Order) {
        return $id;
    }
    return WpState::$orders[(int) $id] ?? false;
}

function wc_get_order_statuses(): array
{
    return [
        'wc-pending' => 'Pending payment',
        'wc-processing' => 'Processing',
        'wc-on-hold' => 'On hold',
        'wc-completed' => 'Completed',
        'wc-cancelled' => 'Cancelled',
        'wc-refunded' => 'Refunded',
        'wc-failed' => 'Failed',
    ];
}

function wc_get_logger(): WC_Logger
{
    return new WC_Logger();
}

function wc_rand_hash(): string
{
    return bin2hex(random_bytes(20));
}

function wc_api_hash(string $data): string
{
    return hash_hmac('sha256', $data, 'wc-api');
}

// ---- Action Scheduler --------------------------------------------------------------------------------

function as_schedule_single_action(int $timestamp, string $hook, array $args = [], string $group = '', bool $unique = false, int $priority = 10): int
{
    $id = WpState::$nextActionId++;
    WpState::$scheduled[$id] = [
        'id' => $id,
        'timestamp' => $timestamp,
        'hook' => $hook,
        'args' => $args,
        'group' => $group,
        'status' => 'pending',
    ];
    return $id;
}

function as_unschedule_all_actions(string $hook, array $args = [], string $group = ''): void
{
    foreach (WpState::$scheduled as $id => $action) {
        if ($action['status'] !== 'pending') {
            continue;
        }
        if ($hook !== '' && $action['hook'] !== $hook) {
            continue;
        }
        if ($args !== [] && $action['args'] !== $args) {
            continue;
        }
        if ($group !== '' && $action['group'] !== $group) {
            continue;
        }
        WpState::$scheduled[$id]['status'] = 'canceled';
    }
}

function as_has_scheduled_action(string $hook, $args = null, string $group = ''): bool
{
    foreach (WpState::$scheduled as $action) {
        if (
            $action['status'] === 'pending' && $action['hook'] === $hook
            && ($args === null || $action['args'] === $args)
            && ($group === '' || $action['group'] === $group)
        ) {
            return true;
        }
    }
    return false;
}

// ---- admin ------------------------------------------------------------------------------------------

function untrailingslashit(string $value): string
{
    return rtrim($value, '/\\');
}

function is_admin(): bool
{
    return !empty($GLOBALS['wp_stub_is_admin']);
}

function load_plugin_textdomain(string $domain, $deprecated = false, string $path = ''): bool
{
    return true;
}

function plugin_basename(string $file): string
{
    return basename(dirname($file)) . '/' . basename($file);
}

function wc_get_page_screen_id(string $for): string
{
    return 'woocommerce_page_wc-orders';
}

function add_meta_box(string $id, string $title, $callback, $screen = null, string $context = 'advanced', string $priority = 'default'): void
{
    WpState::$metaBoxes[] = ['id' => $id, 'title' => $title, 'callback' => $callback, 'screen' => $screen, 'context' => $context];
}

function wp_strip_all_tags(string $text): string
{
    return trim(strip_tags($text));
}

function register_activation_hook(string $file, $callback): void
{
    add_action('activate_' . plugin_basename($file), $callback);
}

function register_deactivation_hook(string $file, $callback): void
{
    add_action('deactivate_' . plugin_basename($file), $callback);
}
