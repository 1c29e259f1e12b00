<?php

namespace ExactSidecar\Admin;

use ExactSidecar\Config;
use ExactSidecar\Delivery\DeadLetters;
use ExactSidecar\Http\SidecarClient;
use ExactSidecar\Http\TransportException;
use ExactSidecar\Plugin;

/**
 * WooCommerce > Settings > Exact Online.
 *
 * The tab renders inside WooCommerce's settings form (which carries the `woocommerce-settings` nonce);
 * saving stores the connection fields locally and PUTs the sync settings to the sidecar. Buttons that
 * do something else are admin-post links or buttons with their own nonces (AdminActions).
 */
class SettingsPage
{
    public const TAB = 'exact_sidecar';
    public const REMOTE_MARKER = 'exact_sidecar_remote_loaded';

    /** @var callable():SidecarClient */
    private $clientFactory;
    /** @var ShopLists */
    private $lists;

    /**
     * @param callable():SidecarClient|null $clientFactory
     */
    public function __construct(?callable $clientFactory = null, ?ShopLists $lists = null)
    {
        $this->clientFactory = $clientFactory ?? [Plugin::class, 'client'];
        $this->lists = $lists ?? new ShopLists();
    }

    public function register(): void
    {
        add_filter('woocommerce_settings_tabs_array', [$this, 'addTab'], 50);
        add_action('woocommerce_settings_' . self::TAB, [$this, 'render']);
        add_action('woocommerce_settings_save_' . self::TAB, [$this, 'save']);
    }

    /**
     * @param array<string,string> $tabs
     * @return array<string,string>
     */
    public function addTab($tabs): array
    {
        $tabs = is_array($tabs) ? $tabs : [];
        $tabs[self::TAB] = __('Exact Online', 'exact-sidecar');
        return $tabs;
    }

    private function client(): SidecarClient
    {
        return ($this->clientFactory)();
    }

    public static function stashKey(): string
    {
        return 'exact_sidecar_form_' . get_current_user_id();
    }

    // ---- saving ----------------------------------------------------------------------------------------

    /**
     * Saves the tab. Returns the list of problems shown to the admin (also used by the tests).
     *
     * @return string[]
     */
    public function save(): array
    {
        if (!current_user_can('manage_woocommerce')) {
            wp_die(esc_html__('Sorry, you are not allowed to do this.', 'exact-sidecar'), '', ['response' => 403]);
        }
        check_admin_referer('woocommerce-settings');
        $post = wp_unslash($_POST); // phpcs:ignore -- nonce checked above
        $post = is_array($post) ? $post : [];
        $problems = $this->saveConnection($post);
        if (!empty($post[self::REMOTE_MARKER])) {
            $problems = array_merge($problems, $this->saveRemote($post));
        }
        foreach ($problems as $problem) {
            self::addSettingsError($problem);
        }
        return $problems;
    }

    private static function addSettingsError(string $message): void
    {
        if (class_exists('WC_Admin_Settings')) {
            \WC_Admin_Settings::add_error($message);
        } else {
            Notices::add('error', $message);
        }
    }

    /**
     * @param array<string,mixed> $post
     * @return string[]
     */
    private function saveConnection(array $post): array
    {
        $code = trim((string) ($post['exact_sidecar_pairing_code'] ?? ''));
        if ($code !== '') {
            return $this->pair($code);
        }
        $problems = [];
        // Validate what was typed (esc_url_raw would quietly turn "sidecar.example" into "http://...").
        $typed = trim((string) ($post['exact_sidecar_url'] ?? ''));
        $urlProblem = Config::urlProblem($typed);
        $url = $urlProblem === null ? esc_url_raw($typed) : '';
        if ($urlProblem !== null) {
            $problems[] = __('Sidecar URL:', 'exact-sidecar') . ' ' . $urlProblem;
        } else {
            update_option(Config::OPTION_URL, untrailingslashit($url));
        }
        $shopId = sanitize_text_field((string) ($post['exact_sidecar_shop_id'] ?? ''));
        $shopProblem = Config::shopIdProblem($shopId);
        if ($shopProblem !== null) {
            $problems[] = __('Shop id:', 'exact-sidecar') . ' ' . $shopProblem;
        } else {
            update_option(Config::OPTION_SHOP_ID, $shopId);
        }
        // Write-only: an empty field keeps the stored secret. Secrets are used verbatim (no sanitising
        // that could change them), only surrounding whitespace is dropped.
        $secret = trim((string) ($post['exact_sidecar_secret'] ?? ''));
        if ($secret !== '') {
            update_option(Config::OPTION_SECRET, $secret, false);
        }
        return $problems;
    }

    /**
     * The sidecar URL, shop id and secret from a pairing code (the typed connection fields are not used then).
     *
     * @return string[] problems
     */
    private function pair(string $code): array
    {
        try {
            [$response, $problem, $url] = $this->client()->pair($code);
        } catch (TransportException $e) {
            return [__('Pairing code:', 'exact-sidecar') . ' ' . $e->getMessage()];
        }
        if ($problem !== null || $response === null) {
            return [__('Pairing code:', 'exact-sidecar') . ' ' . (string) $problem];
        }
        $data = $response->json();
        $paired = $response->isSuccess() && is_array($data) && is_string($data['shop_id'] ?? null)
            && is_string($data['secret'] ?? null);
        if (!$paired) {
            return [__('Pairing code:', 'exact-sidecar') . ' ' . Describe::error($response, '')];
        }
        update_option(Config::OPTION_URL, $url);
        update_option(Config::OPTION_SHOP_ID, $data['shop_id']);
        update_option(Config::OPTION_SECRET, $data['secret'], false);
        Notices::add('success', sprintf(
            /* translators: %s: shop id */
            __('Paired with the sidecar as shop %s. Next: connect Exact Online below.', 'exact-sidecar'),
            $data['shop_id']
        ));
        return [];
    }

    /**
     * @param array<string,mixed> $post
     * @return string[]
     */
    private function saveRemote(array $post): array
    {
        $config = Config::fromOptions();
        if (!$config->isConfigured()) {
            return [];
        }
        $client = $this->client();
        try {
            $current = $client->settings();
            $doc = $current->isSuccess() && is_array($current->json()) ? $current->json() : null;
            if ($doc === null) {
                $this->stash($post, []);
                return [__('Could not read the current settings from the sidecar:', 'exact-sidecar') . ' '
                    . Describe::error($current, $config->shopId())];
            }
            [$newDoc, $problems, $places] = SettingsForm::documentFromPost(
                $post,
                $doc,
                $this->lists->orderStatuses(),
                $this->shopKeys()
            );
            $response = $client->putSettings($newDoc);
        } catch (TransportException $e) {
            $this->stash($post, []);
            return [Describe::transportFailure($config->sidecarUrl(), $e->getMessage())];
        }
        if ($response->isSuccess()) {
            delete_transient(self::stashKey());
            return $problems;
        }
        // Keep what was entered so nothing is lost, and show the sidecar's field errors next to the fields.
        $this->stash($post, $response->fieldErrors(), $places);
        $problems[] = $response->status === 400
            ? __('The sidecar did not accept the settings; see the messages next to the fields.', 'exact-sidecar')
            : Describe::error($response, $config->shopId());
        return $problems;
    }

    /**
     * The shop values each mapping table lists.
     *
     * @return array<string,array<string,string>>
     */
    private function shopKeys(): array
    {
        $out = [];
        foreach (SettingsForm::MAPPINGS as $name => $method) {
            $out[$name] = $this->lists->{$method}();
        }
        return $out;
    }

    /**
     * @param array<string,mixed> $post
     * @param array<string,string[]> $fieldErrors
     * @param array<string,string> $places row path => form key (SettingsForm::documentFromPost)
     */
    private function stash(array $post, array $fieldErrors, array $places = []): void
    {
        $form = $post[SettingsForm::FIELD] ?? [];
        $form = is_array($form) ? $form : [];
        [$placed, $unplaced] = SettingsForm::placeErrors($fieldErrors, $places);
        set_transient(self::stashKey(), ['form' => $form, 'errors' => $placed, 'unplaced' => $unplaced], 600);
    }

    // ---- rendering -------------------------------------------------------------------------------------

    public function render(): void
    {
        if (!current_user_can('manage_woocommerce')) {
            return;
        }
        $config = Config::fromOptions();
        $stash = get_transient(self::stashKey());
        $stash = is_array($stash) ? $stash : ['form' => null, 'errors' => []];
        delete_transient(self::stashKey());

        echo '<h2>' . esc_html__('Exact Online', 'exact-sidecar') . '</h2>';
        if (!empty($_GET['exact_sidecar_connected'])) { // phpcs:ignore -- display only
            $back = __('Back from Exact Online: the connection status below shows whether it worked.', 'exact-sidecar');
            echo '<div class="notice notice-info inline"><p>' . esc_html($back) . '</p></div>';
        }
        $this->renderTaxWarnings();
        $this->renderConnectionFields($config);

        if (!$config->isConfigured()) {
            echo '<p>' . esc_html__('Enter the sidecar URL, shop id and secret (from `exact-sidecar shop add`) and '
                . 'save; the Exact Online settings appear next.', 'exact-sidecar') . '</p>';
            return;
        }
        $remote = $this->loadRemote();
        if ($remote['error'] !== null) {
            echo '<div class="notice notice-error inline"><p>' . esc_html($remote['error']) . '</p></div>';
            $this->renderDeadLetters();
            return;
        }
        $this->renderExactStatus($remote['shop']);
        $this->renderSyncSettings($remote['settings'], $remote['options'], $stash);
        $this->renderBackfill($remote['backfill']);
        $this->renderDeadLetters();
    }

    /**
     * Loads shop status, settings, Exact options and backfill progress; stops at the first failure so an
     * unreachable sidecar costs one timeout, not four.
     *
     * @return array{error:?string,shop:array,settings:array,options:array,backfill:array}
     */
    public function loadRemote(): array
    {
        $out = ['error' => null, 'shop' => [], 'settings' => [], 'options' => [], 'backfill' => []];
        $config = Config::fromOptions();
        $client = $this->client();
        $calls = [
            'shop' => 'shop',
            'settings' => 'settings',
            'options' => 'exactOptions',
            'backfill' => 'backfillStatus',
        ];
        foreach ($calls as $key => $method) {
            try {
                $response = $client->{$method}();
            } catch (TransportException $e) {
                $out['error'] = Describe::transportFailure($config->sidecarUrl(), $e->getMessage());
                return $out;
            }
            $data = $response->json();
            if ($response->isSuccess() && is_array($data)) {
                $out[$key] = $data;
            } elseif ($key === 'options' || $key === 'backfill') {
                // Not fatal: Exact may not be connected yet (no options) or no backfill ever ran.
                $out[$key] = [];
            } else {
                $out['error'] = Describe::error($response, $config->shopId());
                return $out;
            }
        }
        return $out;
    }

    private function renderTaxWarnings(): void
    {
        foreach (TaxCheck::warnings(TaxCheck::currentOptions()) as $warning) {
            echo '<div class="notice notice-warning inline"><p>' . esc_html($warning) . '</p></div>';
        }
    }

    private function renderConnectionFields(Config $config): void
    {
        $hasSecret = $config->secret() !== '';
        echo '<h3>' . esc_html__('Sidecar connection', 'exact-sidecar') . '</h3>';
        echo '<table class="form-table"><tbody>';
        printf(
            '<tr><th scope="row"><label for="exact_sidecar_pairing_code">%s</label></th><td><input type="text" '
                . 'class="large-text code" id="exact_sidecar_pairing_code" name="exact_sidecar_pairing_code" '
                . 'value="" autocomplete="off" placeholder="EXS1-..." /><p class="description">%s</p></td></tr>',
            esc_html__('Pairing code', 'exact-sidecar'),
            esc_html__(
                'From the sidecar\'s operator (exact-sidecar shop pair): paste it and save, and the three fields '
                    . 'below are filled in for you.',
                'exact-sidecar'
            )
        );
        printf(
            '<tr><th scope="row"><label for="exact_sidecar_url">%s</label></th><td><input type="url" '
                . 'class="regular-text" id="exact_sidecar_url" name="exact_sidecar_url" value="%s" '
                . 'placeholder="https://sidecar.example.com" /></td></tr>',
            esc_html__('Sidecar URL', 'exact-sidecar'),
            esc_attr($config->sidecarUrl())
        );
        printf(
            '<tr><th scope="row"><label for="exact_sidecar_shop_id">%s</label></th><td><input type="text" '
                . 'class="regular-text" id="exact_sidecar_shop_id" name="exact_sidecar_shop_id" value="%s" '
                . 'autocomplete="off" /></td></tr>',
            esc_html__('Shop id', 'exact-sidecar'),
            esc_attr($config->shopId())
        );
        printf(
            '<tr><th scope="row"><label for="exact_sidecar_secret">%s</label></th><td><input type="password" '
                . 'class="regular-text" id="exact_sidecar_secret" name="exact_sidecar_secret" value="" '
                . 'autocomplete="new-password" placeholder="%s" /><p class="description">%s</p></td></tr>',
            esc_html__('Secret', 'exact-sidecar'),
            esc_attr($hasSecret ? __('(saved, hidden)', 'exact-sidecar') : ''),
            esc_html($hasSecret
                ? __(
                    'The secret is stored and never shown. Leave empty to keep it; type a new one to replace it.',
                    'exact-sidecar'
                )
                : __('The secret printed once by `exact-sidecar shop add`.', 'exact-sidecar'))
        );
        echo '</tbody></table>';
        if ($config->isConfigured()) {
            printf(
                '<p><a class="button" href="%s">%s</a></p>',
                esc_url(AdminActions::url('exact_sidecar_test')),
                esc_html__('Test connection', 'exact-sidecar')
            );
        }
    }

    /**
     * @param array<string,mixed> $shop
     */
    private function renderExactStatus(array $shop): void
    {
        $exact = isset($shop['exact']) && is_array($shop['exact']) ? $shop['exact'] : [];
        echo '<h3>' . esc_html__('Exact Online connection', 'exact-sidecar') . '</h3>';
        echo '<p>' . esc_html(Describe::exactConnection($shop)) . '</p><p>';
        // Posted from inside WooCommerce's settings form (its own `_wpnonce`), like the backfill button.
        $current = is_string($exact['region'] ?? null) ? $exact['region'] : 'nl';
        $regions = '';
        foreach (AdminActions::REGIONS as $code => $label) {
            $regions .= Controls::option($code, $label, $current);
        }
        printf(
            '<label>%s <select name="exact_sidecar_region">%s</select></label> %s'
                . '<button type="submit" class="button%s" formaction="%s" formmethod="post">%s</button> ',
            esc_html__('Exact Online country', 'exact-sidecar'),
            $regions, // phpcs:ignore -- escaped inside
            wp_nonce_field('exact_sidecar_connect', '_wpnonce_connect', false, false),
            empty($exact['connected']) ? ' button-primary' : '',
            esc_url(add_query_arg('action', 'exact_sidecar_connect', admin_url('admin-post.php'))),
            empty($exact['connected'])
                ? esc_html__('Connect to Exact Online', 'exact-sidecar')
                : esc_html__('Reconnect', 'exact-sidecar')
        );
        if (!empty($exact['connected'])) {
            printf(
                '<a class="button" href="%s" onclick="return '
                    . 'confirm(this.dataset.confirm);" data-confirm="%s">%s</a>',
                esc_url(AdminActions::url('exact_sidecar_disconnect')),
                esc_attr__(
                    'Disconnect from Exact Online? Orders are no longer booked until you connect again.',
                    'exact-sidecar'
                ),
                esc_html__('Disconnect', 'exact-sidecar')
            );
        }
        echo '</p>';
    }

    private static function name(string ...$parts): string
    {
        return SettingsForm::FIELD . '[' . implode('][', $parts) . ']';
    }

    /**
     * @param array<string,mixed> $settings
     * @param array<string,mixed> $options
     * @param array<string,mixed> $stash
     */
    private function renderSyncSettings(array $settings, array $options, array $stash): void
    {
        $form = isset($stash['form']) && is_array($stash['form']) ? $stash['form'] : null;
        $errors = isset($stash['errors']) && is_array($stash['errors']) ? $stash['errors'] : [];
        $unplaced = isset($stash['unplaced']) && is_array($stash['unplaced']) ? $stash['unplaced'] : [];
        foreach ($unplaced as $path => $problems) {
            $text = $path . ': ' . implode('; ', (array) $problems);
            echo '<div class="notice notice-error inline"><p>' . esc_html($text) . '</p></div>';
        }
        // What the page shows is what it will post: the entered values after a refused save, else the document.
        $values = $form ?? SettingsForm::formValues($settings);

        echo '<input type="hidden" name="' . esc_attr(self::REMOTE_MARKER) . '" value="1" />';
        echo '<h3>' . esc_html__('What to send to Exact Online', 'exact-sidecar') . '</h3>';
        printf(
            '<p><a class="button" href="%s">%s</a> <span class="description">%s</span></p>',
            esc_url(AdminActions::url('exact_sidecar_propose')),
            esc_html__('Propose settings from Exact Online', 'exact-sidecar'),
            esc_html__(
                'Fills every empty setting the sidecar can match; nothing is saved until you press Save.',
                'exact-sidecar'
            )
        );
        if (isset($stash['proposal']) && is_array($stash['proposal'])) {
            SectionsView::proposal($stash['proposal']);
        }
        echo '<table class="form-table"><tbody>';
        $this->renderTriggerStatuses($values, $settings, $errors);
        self::renderDocument($values, $options, $errors);
        echo '</tbody></table>';

        $titles = SettingsForm::mappingTitles();
        // Each section's fields, and after them its mapping table (VAT rates, payment and shipping methods).
        $table = function (string $name) use ($titles, $settings, $values, $options, $errors): void {
            $shopList = $this->lists->{SettingsForm::MAPPINGS[$name]}();
            echo '<h4>' . esc_html($titles[$name]) . '</h4>';
            if ($shopList === []) {
                echo '<p>' . esc_html__('Nothing to map in this shop.', 'exact-sidecar') . '</p>';
            } else {
                self::renderMapping($name, $shopList, $values, $options, $errors);
            }
            $kept = SettingsForm::keptRows($settings, $name, $shopList);
            if ($kept > 0) {
                /* translators: %d: number of rows */
                $text = __(
                    'Rows kept as they are (by country, or for values this shop does not list): %d.',
                    'exact-sidecar'
                );
                echo '<p class="description">' . esc_html(sprintf($text, $kept)) . '</p>';
            }
        };
        SectionsView::render($values, $options, $errors, $table);
    }

    /**
     * @param array<string,mixed> $values
     * @param array<string,mixed> $settings
     * @param array<string,string[]> $errors
     */
    private function renderTriggerStatuses(array $values, array $settings, array $errors): void
    {
        $triggers = array_map('strval', (array) ($values['trigger_statuses'] ?? []));
        $statuses = $this->lists->orderStatuses();
        // Statuses the sidecar has that the shop no longer lists stay visible, so saving keeps them.
        foreach ((array) ($settings['trigger_statuses'] ?? []) as $status) {
            if (is_string($status) && !isset($statuses[$status])) {
                $statuses[$status] = $status;
            }
        }
        echo '<tr><th scope="row">' . esc_html__('Order statuses that send an order', 'exact-sidecar') . '</th><td>';
        foreach ($statuses as $status => $label) {
            printf(
                '<label style="margin-right:1em"><input type="checkbox" name="%s[]" value="%s"%s /> %s</label>',
                esc_attr(self::name('trigger_statuses')),
                esc_attr((string) $status),
                in_array((string) $status, $triggers, true) ? ' checked="checked"' : '',
                esc_html($label)
            );
        }
        echo Controls::fieldErrors($errors, 'trigger_statuses') . '</td></tr>'; // phpcs:ignore -- escaped inside
    }

    /**
     * Document type and the fields that go with it; a field that does not apply to the chosen type is hidden.
     *
     * @param array<string,mixed> $values
     * @param array<string,mixed> $options
     * @param array<string,string[]> $errors
     */
    private static function renderDocument(array $values, array $options, array $errors): void
    {
        $document = isset($values['document']) && is_array($values['document']) ? $values['document'] : [];
        $type = (string) ($document['type'] ?? 'sales_order');
        $text = static function (string $field) use ($document): string {
            return is_scalar($document[$field] ?? null) ? trim((string) $document[$field]) : '';
        };

        echo '<tr><th scope="row"><label for="exact_sidecar_document_type">'
            . esc_html__('Create in Exact Online', 'exact-sidecar') . '</label></th><td>';
        echo '<select id="exact_sidecar_document_type" name="' . esc_attr(self::name('document', 'type')) . '">';
        foreach (SettingsForm::documentTypes() as $value => $label) {
            echo Controls::option($value, $label, $type); // phpcs:ignore -- escaped inside
        }
        echo '</select>' . Controls::fieldErrors($errors, 'document.type') . '</td></tr>'; // phpcs:ignore -- escaped inside

        $rows = [
            'journal' => [
                __('Sales journal', 'exact-sidecar'),
                Controls::select(
                    self::name('document', 'journal'),
                    'exact_sidecar_document_journal',
                    SettingsForm::journalChoices($options['journals'] ?? [], SettingsForm::SALES_JOURNALS),
                    $text('journal'),
                    __('— choose —', 'exact-sidecar')
                ),
                __('Required for invoices and sales entries.', 'exact-sidecar'),
            ],
            'process' => [
                __('Process the invoice', 'exact-sidecar'),
                Controls::checkbox(
                    self::name('document', 'process'),
                    'exact_sidecar_document_process',
                    $text('process')
                ),
                __('Final invoices instead of drafts.', 'exact-sidecar'),
            ],
            'email_customer' => [
                __('E-mail the invoice to the customer', 'exact-sidecar'),
                Controls::checkbox(
                    self::name('document', 'email_customer'),
                    'exact_sidecar_document_email_customer',
                    $text('email_customer')
                ),
                __('Needs "Process the invoice".', 'exact-sidecar'),
            ],
            'warehouse' => [
                __('Warehouse', 'exact-sidecar'),
                Controls::select(
                    self::name('document', 'warehouse'),
                    'exact_sidecar_document_warehouse',
                    SettingsForm::exactChoices($options['warehouses'] ?? []),
                    $text('warehouse'),
                    __('— choose —', 'exact-sidecar')
                ),
                __('Required for direct invoices: the warehouse the goods leave from.', 'exact-sidecar'),
            ],
        ];
        foreach ($rows as $field => [$label, $control, $help]) {
            $applies = SettingsForm::APPLIES[$field];
            printf(
                '<tr class="exact-sidecar-document-field" data-types="%s"%s><th scope="row"><label for="%s">%s</label>'
                    . '</th><td>%s<p class="description">%s</p>%s</td></tr>',
                esc_attr(implode(' ', $applies)),
                in_array($type, $applies, true) ? '' : ' style="display:none"',
                esc_attr('exact_sidecar_document_' . $field),
                esc_html($label),
                $control, // phpcs:ignore -- escaped inside
                esc_html($help),
                Controls::fieldErrors($errors, 'document.' . $field) // phpcs:ignore -- escaped inside
            );
        }
        // Show and hide the rows above when the type changes (without JavaScript they stay as rendered).
        echo '<script>(function(){var s=document.getElementById("exact_sidecar_document_type");if(!s){return;}'
            . 's.addEventListener("change",function(){document.querySelectorAll(".exact-sidecar-document-field")'
            . '.forEach(function(r){r.style.display=r.dataset.types.split(" ").indexOf(s.value)<0?"none":"";});});'
            . '})();</script>';
    }

    /**
     * One mapping table: a row per shop value with the Exact choice(s).
     *
     * @param array<string,string> $shopList
     * @param array<string,mixed> $values
     * @param array<string,mixed> $options
     * @param array<string,string[]> $errors
     */
    private static function renderMapping(
        string $name,
        array $shopList,
        array $values,
        array $options,
        array $errors
    ): void {
        $current = isset($values[$name]) && is_array($values[$name]) ? $values[$name] : [];
        $lists = [
            'vat' => SettingsForm::exactChoices($options['vat_codes'] ?? []),
            'payment' => SettingsForm::exactChoices($options['payment_conditions'] ?? []),
            'shipping' => SettingsForm::exactChoices($options['shipping_methods'] ?? []),
        ];
        $choices = $lists[$name];
        if ($choices === []) {
            $message = __('No choices from Exact Online yet: connect to Exact Online first.', 'exact-sidecar');
            echo '<p>' . esc_html($message) . '</p>';
        }
        $notMapped = __('— not mapped —', 'exact-sidecar');
        echo '<table class="widefat striped" style="max-width:60em"><tbody>';
        foreach ($shopList as $shopKey => $shopLabel) {
            $shopKey = (string) $shopKey;
            printf('<tr><td>%s <code>%s</code></td>', esc_html($shopLabel), esc_html($shopKey));
            if ($name === 'payment') {
                $row = isset($current[$shopKey]) && is_array($current[$shopKey]) ? $current[$shopKey] : [];
                $exact = is_scalar($row['exact'] ?? null) ? trim((string) $row['exact']) : '';
                $journal = is_scalar($row['journal'] ?? null) ? trim((string) $row['journal']) : '';
                $journals = SettingsForm::journalChoices($options['journals'] ?? [], SettingsForm::PAYMENT_JOURNALS);
                $none = __('— none —', 'exact-sidecar');
                printf(
                    '<td><label>%s %s</label>%s</td><td><label>%s %s</label>%s</td></tr>',
                    esc_html__('Payment condition', 'exact-sidecar'),
                    Controls::select(self::name($name, $shopKey, 'exact'), '', $choices, $exact, $notMapped), // phpcs:ignore
                    Controls::fieldErrors($errors, $name . '.' . $shopKey . '.exact'), // phpcs:ignore -- escaped inside
                    esc_html__('Journal (optional)', 'exact-sidecar'),
                    Controls::select(self::name($name, $shopKey, 'journal'), '', $journals, $journal, $none), // phpcs:ignore
                    Controls::fieldErrors($errors, $name . '.' . $shopKey . '.journal') // phpcs:ignore -- escaped inside
                );
                continue;
            }
            $selected = is_scalar($current[$shopKey] ?? null) ? trim((string) $current[$shopKey]) : '';
            printf(
                '<td>%s%s</td></tr>',
                Controls::select(self::name($name, $shopKey), '', $choices, $selected, $notMapped), // phpcs:ignore
                Controls::fieldErrors($errors, $name . '.' . $shopKey) // phpcs:ignore -- escaped inside
            );
        }
        echo '</tbody></table>';
    }

    /**
     * @param array<string,mixed> $backfill
     */
    private function renderBackfill(array $backfill): void
    {
        echo '<h3>' . esc_html__('Send earlier orders', 'exact-sidecar') . '</h3>';
        if (isset($backfill['total'])) {
            printf(
                '<p>%s</p>',
                esc_html(sprintf(
                    /* translators: 1: done, 2: total, 3: failed, 4: estimated time left */
                    __('Backfill progress: %1$d of %2$d done, %3$d failed, about %4$s left.', 'exact-sidecar'),
                    (int) ($backfill['done'] ?? 0),
                    (int) $backfill['total'],
                    (int) ($backfill['failed'] ?? 0),
                    (string) ($backfill['eta'] ?? '?')
                ))
            );
        }
        printf(
            '<p><label>%s <input type="date" name="exact_sidecar_since" value="" /></label> %s<button type="submit" '
                . 'class="button" formaction="%s" formmethod="post">%s</button></p>',
            esc_html__('Send orders since', 'exact-sidecar'),
            wp_nonce_field('exact_sidecar_backfill', '_wpnonce_backfill', false, false),
            esc_url(add_query_arg('action', 'exact_sidecar_backfill', admin_url('admin-post.php'))),
            esc_html__('Start', 'exact-sidecar')
        );
    }

    private function renderDeadLetters(): void
    {
        $dead = DeadLetters::all();
        if ($dead === []) {
            return;
        }
        echo '<h3>' . esc_html__('Events the sidecar did not accept', 'exact-sidecar') . '</h3>';
        echo '<table class="widefat striped"><thead><tr><th>' . esc_html__('When', 'exact-sidecar') . '</th><th>'
            . esc_html__('Event', 'exact-sidecar') . '</th><th>' . esc_html__('Why', 'exact-sidecar') .
                '</th><th></th></tr></thead><tbody>';
        foreach ($dead as $entry) {
            $type = (string) ($entry['type'] ?? '');
            $id = (string) ($entry['entity_id'] ?? '');
            printf(
                '<tr><td>%s</td><td>%s %s</td><td>%s</td><td><a class="button" href="%s">%s</a></td></tr>',
                esc_html(gmdate('Y-m-d H:i', (int) ($entry['at'] ?? 0)) . ' UTC'),
                esc_html($type),
                esc_html($id),
                esc_html((string) ($entry['message'] ?? '')),
                esc_url(AdminActions::url('exact_sidecar_resend_event', ['type' => $type, 'id' => $id])),
                esc_html__('Resend', 'exact-sidecar')
            );
        }
        echo '</tbody></table>';
    }
}
