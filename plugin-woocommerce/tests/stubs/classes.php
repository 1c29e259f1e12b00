<?php

// phpcs:disable PSR1.Classes.ClassDeclaration.MultipleClasses

/**
 * Minimal WordPress / WooCommerce classes used by the plugin.
 */
class WP_Error
{
    /** @var string */
    private $code;
    /** @var string */
    private $message;

    public function __construct(string $code = '', string $message = '')
    {
        $this->code = $code;
        $this->message = $message;
    }

    public function get_error_message(): string
    {
        return $this->message;
    }

    public function get_error_code(): string
    {
        return $this->code;
    }
}

class WP_REST_Request
{
    /** @var string */
    public $method;
    /** @var string */
    public $route;
    /** @var array<string,mixed> */
    public $query = [];

    public function __construct(string $method = 'GET', string $route = '')
    {
        $this->method = $method;
        $this->route = $route;
    }

    /**
     * @param array<string,mixed> $params
     */
    public function set_query_params(array $params): void
    {
        $this->query = $params;
    }
}

class WP_REST_Response
{
    /** @var int */
    private $status;
    /** @var mixed */
    public $data;

    /**
     * @param mixed $data
     */
    public function __construct($data = null, int $status = 200)
    {
        $this->data = $data;
        $this->status = $status;
    }

    public function get_status(): int
    {
        return $this->status;
    }
}

class WP_REST_Server
{
    /**
     * @return mixed
     */
    public function response_to_data(WP_REST_Response $response, bool $embed)
    {
        return $response->data;
    }
}

class WP_Post
{
    /** @var int */
    public $ID;

    public function __construct(int $id)
    {
        $this->ID = $id;
    }
}

/**
 * A WooCommerce order: only the methods the plugin may use (meta through get_meta/update_meta_data/save,
 * which work on HPOS and posts storage alike). Meta written without save() is not persisted.
 */
class WC_Order
{
    /** @var int */
    private $id;
    /** @var string */
    private $status;
    /** @var array<string,mixed> persisted meta */
    public $savedMeta = [];
    /** @var array<string,mixed> */
    private $meta = [];
    /** @var array<int,string> */
    public $notes = [];
    /** @var int */
    public $saves = 0;
    /** @var string */
    private $number;

    public function __construct(int $id, string $status = 'processing', array $meta = [])
    {
        $this->id = $id;
        $this->status = $status;
        $this->meta = $meta;
        $this->savedMeta = $meta;
        $this->number = (string) $id;
    }

    public function get_id(): int
    {
        return $this->id;
    }

    public function get_edit_order_url(): string
    {
        return 'https://shop.example/wp-admin/admin.php?page=wc-orders&action=edit&id=' . $this->id;
    }

    public function get_order_number(): string
    {
        return $this->number;
    }

    public function get_status(): string
    {
        return $this->status;
    }

    /**
     * @return mixed
     */
    public function get_meta(string $key, bool $single = true)
    {
        return $this->meta[$key] ?? '';
    }

    /**
     * @param mixed $value
     */
    public function update_meta_data(string $key, $value): void
    {
        $this->meta[$key] = $value;
    }

    public function delete_meta_data(string $key): void
    {
        unset($this->meta[$key]);
    }

    public function save(): int
    {
        $this->saves++;
        $this->savedMeta = $this->meta;
        return $this->id;
    }

    public function add_order_note(string $note, int $isCustomerNote = 0): int
    {
        $this->notes[] = $note;
        return count($this->notes);
    }
}

class WC_Logger
{
    /**
     * @param array<string,mixed> $context
     */
    public function log(string $level, string $message, array $context = []): void
    {
        WpState::$logs[] = [$level, $message];
    }
}

/**
 * The few $wpdb calls the plugin makes: the API keys table and option-name lookups.
 */
class wpdb
{
    /** @var string */
    public $prefix = 'wp_';
    /** @var string */
    public $options = 'wp_options';
    /** @var int */
    public $insert_id = 0;
    /** @var bool */
    public $failInserts = false;

    public function insert(string $table, array $data, $format = null)
    {
        if ($table !== 'wp_woocommerce_api_keys') {
            throw new LogicException('Unexpected insert into ' . $table);
        }
        if ($this->failInserts) {
            return false;
        }
        $this->insert_id = count(WpState::$apiKeys) + 1;
        WpState::$apiKeys[$this->insert_id] = $data + ['key_id' => $this->insert_id];
        return 1;
    }

    public function delete(string $table, array $where, $format = null)
    {
        if ($table !== 'wp_woocommerce_api_keys') {
            throw new LogicException('Unexpected delete from ' . $table);
        }
        $existed = isset(WpState::$apiKeys[$where['key_id']]);
        unset(WpState::$apiKeys[$where['key_id']]);
        return $existed ? 1 : 0;
    }

    public function esc_like(string $text): string
    {
        return addcslashes($text, '_%\\');
    }

    public function prepare(string $query, ...$args): string
    {
        return str_replace('%s', "'" . addslashes((string) $args[0]) . "'", $query);
    }

    /**
     * Supports only: SELECT option_name FROM wp_options WHERE option_name LIKE '<prefix>%'
     */
    public function get_col(string $query): array
    {
        if (!preg_match("/^SELECT option_name FROM wp_options WHERE option_name LIKE '(.*)'$/", $query, $m)) {
            throw new LogicException('Unexpected query ' . $query);
        }
        $prefix = stripcslashes(substr(stripslashes($m[1]), 0, -1));
        return array_values(array_filter(array_keys(WpState::$options), static function (string $name) use ($prefix): bool {
            return strpos($name, $prefix) === 0;
        }));
    }
}

class WC_Admin_Settings
{
    /** @var string[] */
    public static $errors = [];

    public static function add_error(string $text): void
    {
        self::$errors[] = $text;
    }
}
