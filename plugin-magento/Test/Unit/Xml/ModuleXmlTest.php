<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Xml;

use ExactSidecar\Connector\Model\Config;
use ExactSidecar\Connector\Model\OrderLink\OrderLinkStoreInterface;
use ExactSidecar\Connector\Model\Settings\Sections;
use ExactSidecar\Connector\Test\Support\MemoryOutboxStore;
use Magento\Framework\Component\ComponentRegistrar;
use Magento\Framework\Event\ObserverInterface;
use PHPUnit\Framework\TestCase;

/**
 * Cross-reference checks of the module's XML by DOM (Magento's XSDs and URN resolver are not available here):
 * every class, method, ACL id, config path and schema column that one file names must exist in the other.
 */
class ModuleXmlTest extends TestCase
{
    private const PREFIX = 'ExactSidecar\\Connector\\';

    /**
     * @return string
     */
    private static function root(): string
    {
        return dirname(__DIR__, 3);
    }

    /**
     * @param string $relative
     * @return \DOMXPath
     */
    private static function xpath(string $relative): \DOMXPath
    {
        $dom = new \DOMDocument();
        $file = self::root() . '/' . $relative;
        if (!is_file($file) || !$dom->load($file)) {
            throw new \RuntimeException("cannot load $relative");
        }
        return new \DOMXPath($dom);
    }

    /**
     * @param \DOMXPath $xpath
     * @param string $query
     * @return string[]
     */
    private static function values(\DOMXPath $xpath, string $query): array
    {
        $out = [];
        foreach ($xpath->query($query) as $node) {
            $out[] = trim($node->nodeValue ?? '');
        }
        return $out;
    }

    /**
     * The file of a module class, without loading it (admin classes extend Magento classes not stubbed here).
     *
     * @param string $class
     * @return string
     */
    private static function classFile(string $class): string
    {
        $class = ltrim($class, '\\');
        return self::root() . '/' . str_replace('\\', '/', substr($class, strlen(self::PREFIX))) . '.php';
    }

    /**
     * @param string $class
     * @return void
     */
    private function assertModuleClassFile(string $class): void
    {
        $this->assertStringStartsWith(self::PREFIX, ltrim($class, '\\'), "$class is a module class");
        $file = self::classFile($class);
        $this->assertFileExists($file, "file of $class");
        $short = substr($class, strrpos($class, '\\') + 1);
        $this->assertMatchesRegularExpression(
            '/^(abstract\s+)?(class|interface)\s+' . preg_quote($short, '/') . '\b/m',
            (string) file_get_contents($file),
            "$file declares $short"
        );
    }

    /**
     * @return string[]
     */
    private static function aclIds(): array
    {
        return self::values(self::xpath('etc/acl.xml'), '//resource/@id');
    }

    public function testRegistrationNameMatchesModuleXmlAndComposer(): void
    {
        require self::root() . '/registration.php';
        $this->assertSame(
            str_replace('\\', '/', self::root()),
            (new ComponentRegistrar())->getPath(ComponentRegistrar::MODULE, 'ExactSidecar_Connector')
        );
        $moduleXml = self::xpath('etc/module.xml');
        $this->assertSame(['ExactSidecar_Connector'], self::values($moduleXml, '/config/module/@name'));
        $sequence = self::values(self::xpath('etc/module.xml'), '//sequence/module/@name');
        foreach (['Magento_Sales', 'Magento_Customer', 'Magento_Config', 'Magento_Integration'] as $needed) {
            $this->assertContains($needed, $sequence);
        }
        $composer = json_decode((string) file_get_contents(self::root() . '/composer.json'), true);
        $this->assertSame('magento2-module', $composer['type']);
        $this->assertSame('~8.2.0||~8.3.0||~8.4.0||~8.5.0', $composer['require']['php']);
        $this->assertSame(['ExactSidecar\\Connector\\' => ''], $composer['autoload']['psr-4']);
        $this->assertSame(['registration.php'], $composer['autoload']['files']);
    }

    public function testEveryObserverClassExistsAndIsAnObserver(): void
    {
        $count = 0;
        foreach (['etc/events.xml', 'etc/adminhtml/events.xml'] as $file) {
            foreach (self::values(self::xpath($file), '//observer/@instance') as $class) {
                $this->assertTrue(class_exists($class), "$file: $class exists");
                $this->assertTrue(is_subclass_of($class, ObserverInterface::class), "$class is an observer");
                $this->assertTrue(method_exists($class, 'execute'));
                $count++;
            }
        }
        $this->assertSame(5, $count);
        $events = self::values(self::xpath('etc/events.xml'), '//event/@name');
        $this->assertSame([
            'sales_order_save_commit_after',
            'sales_order_invoice_save_commit_after',
            'sales_order_creditmemo_save_commit_after',
            'customer_save_after_data_object',
        ], $events);
    }

    public function testEveryCronJobExistsInADeclaredGroup(): void
    {
        $cron = self::xpath('etc/crontab.xml');
        $groups = self::values(self::xpath('etc/cron_groups.xml'), '//group/@id');
        $jobs = $cron->query('//job');
        $this->assertSame(2, $jobs->length);
        foreach ($jobs as $job) {
            $class = $job->getAttribute('instance');
            $method = $job->getAttribute('method');
            $this->assertTrue(method_exists($class, $method), "$class::$method exists");
            $this->assertContains($job->parentNode->getAttribute('id'), $groups);
            $schedule = self::values($cron, '//job[@name="' . $job->getAttribute('name') . '"]/schedule');
            $this->assertMatchesRegularExpression('/^(\S+\s+){4}\S+$/', $schedule[0]);
        }
        $this->assertSame(['1'], self::values(self::xpath('etc/cron_groups.xml'), '//use_separate_process'));
    }

    public function testWebapiRoutesPointAtTypedServiceMethodsAndKnownAcl(): void
    {
        $xpath = self::xpath('etc/webapi.xml');
        $routes = $xpath->query('//route');
        $this->assertGreaterThan(0, $routes->length);
        foreach ($routes as $route) {
            $service = $xpath->query('service', $route)->item(0);
            $class = $service->getAttribute('class');
            $method = $service->getAttribute('method');
            $this->assertTrue(interface_exists($class), "$class is an interface");
            $reflection = new \ReflectionMethod($class, $method);
            $doc = (string) $reflection->getDocComment();
            foreach ($reflection->getParameters() as $parameter) {
                $this->assertMatchesRegularExpression(
                    '/@param\s+\S+\s+\$' . $parameter->getName() . '\b/',
                    $doc,
                    "$class::$method documents \$" . $parameter->getName()
                );
            }
            $this->assertMatchesRegularExpression('/@return\s+\\\\\S+/', $doc, 'fully qualified @return');
            preg_match('/@return\s+\\\\(\S+)/', $doc, $m);
            $this->assertTrue(interface_exists($m[1]), "return type {$m[1]} exists");
            preg_match_all('/:(\w+)/', $route->getAttribute('url'), $params);
            $names = array_map(static function (\ReflectionParameter $p): string {
                return $p->getName();
            }, $reflection->getParameters());
            foreach ($params[1] as $param) {
                $this->assertContains($param, $names, "route parameter :$param is a method parameter");
            }
            foreach ($xpath->query('resources/resource/@ref', $route) as $ref) {
                $this->assertNotSame('anonymous', $ref->nodeValue);
                $this->assertNotSame('self', $ref->nodeValue);
                $this->assertContains($ref->nodeValue, self::aclIds());
            }
        }
    }

    public function testDiReferencesExist(): void
    {
        $xpath = self::xpath('etc/di.xml');
        foreach ($xpath->query('//preference') as $preference) {
            $for = $preference->getAttribute('for');
            $type = $preference->getAttribute('type');
            $this->assertTrue(interface_exists($for), "$for exists");
            $this->assertTrue(class_exists($type), "$type exists");
            $this->assertTrue(is_subclass_of($type, $for), "$type implements $for");
        }
        $objects = self::values($xpath, '//argument[@xsi:type="object"] | //item[@xsi:type="object"]');
        $this->assertNotEmpty($objects);
        foreach ($objects as $class) {
            $base = preg_replace('/\\\\(Proxy|Factory)$/', '', $class);
            $this->assertTrue(class_exists($base), "$class (generated from $base) exists");
        }
        foreach (self::values($xpath, '//type/@name') as $class) {
            if (strpos($class, self::PREFIX) === 0) {
                $this->assertTrue(class_exists($class), "$class exists");
            }
        }
        $this->assertSame(
            [Config::XML_PATH_SECRET],
            self::values($xpath, '//argument[@name="sensitive"]/item/@name')
        );
    }

    public function testSystemXmlMatchesConfigXmlConfigClassAndAcl(): void
    {
        $system = self::xpath('etc/adminhtml/system.xml');
        $fields = [];
        foreach ($system->query('//section/group/field') as $field) {
            $group = $field->parentNode;
            $section = $group->parentNode;
            $fields[] = $section->getAttribute('id') . '/' . $group->getAttribute('id') . '/'
                . $field->getAttribute('id');
        }
        $this->assertSame(count($fields), count(array_unique($fields)), 'field ids are unique');

        $constants = array_filter(
            (new \ReflectionClass(Config::class))->getConstants(),
            static function (string $name): bool {
                return strpos($name, 'XML_PATH_') === 0;
            },
            ARRAY_FILTER_USE_KEY
        );
        foreach ($constants as $name => $path) {
            $this->assertContains($path, $fields, "Config::$name has a field in system.xml");
        }

        $defaults = [];
        $config = self::xpath('etc/config.xml');
        foreach ($config->query('/config/default/*/*/*') as $node) {
            $defaults[] = $node->parentNode->parentNode->nodeName . '/' . $node->parentNode->nodeName . '/'
                . $node->nodeName;
        }
        $this->assertNotEmpty($defaults);
        foreach ($defaults as $path) {
            $this->assertContains($path, $fields, "config.xml default $path has a field");
            $this->assertContains($path, $constants, "config.xml default $path is read through Config");
        }

        foreach (self::values($system, '//section/resource') as $resource) {
            $this->assertContains($resource, self::aclIds());
        }
        foreach (self::values($system, '//source_model | //backend_model | //frontend_model') as $class) {
            if (strpos($class, self::PREFIX) === 0) {
                $this->assertModuleClassFile($class);
            } else {
                $this->assertStringStartsWith('Magento\\', $class);
            }
        }
        $this->assertSame(
            ['Magento\\Config\\Model\\Config\\Backend\\Encrypted'],
            self::values($system, '//field[@id="secret"]/backend_model')
        );
        $this->assertSame(['obscure'], self::values($system, '//field[@id="secret"]/@type'));
    }

    public function testEverySectionSettingHasItsFieldWithTheSidecarsChoices(): void
    {
        $system = self::xpath('etc/adminhtml/system.xml');
        foreach (Sections::FIELDS as $setting => [$path, $kind]) {
            [$section, $group, $id] = explode('/', $path);
            $query = sprintf('//section[@id="%s"]/group[@id="%s"]/field[@id="%s"]', $section, $group, $id);
            $field = $system->query($query)->item(0);
            $this->assertNotNull($field, "$setting has the field $path");
            $frontend = self::values($system, $query . '/frontend_model');
            $this->assertSame(
                ['ExactSidecar\\Connector\\Block\\Adminhtml\\System\\Config\\SidecarField'],
                $frontend,
                "$path shows the sidecar's value"
            );
            $source = self::values($system, $query . '/source_model');
            if ($kind === Sections::CHOICE) {
                $class = $source[0];
                $values = array_column((new $class())->toOptionArray(), 'value');
                $this->assertSame(Sections::CHOICES[$setting], $values, "$path offers the sidecar's choices");
            } elseif ($kind === Sections::FLAG) {
                $this->assertSame(['Magento\\Config\\Model\\Config\\Source\\Yesno'], $source, $path);
            } elseif ($kind === Sections::EXACT) {
                $exact = self::PREFIX . 'Model\\Config\\Source\\Exact';
                $this->assertStringStartsWith($exact, $source[0], $path);
            } else {
                $this->assertSame([], $source, "$path is typed");
            }
        }
    }

    public function testConfigXmlDefaultsAreTheSidecarsDefaults(): void
    {
        $config = self::xpath('etc/config.xml');
        $stored = [];
        foreach ($config->query('/config/default/*/*/*') as $node) {
            $path = $node->parentNode->parentNode->nodeName . '/' . $node->parentNode->nodeName . '/'
                . $node->nodeName;
            $stored[$path] = $node->textContent;
        }
        $defaulted = [];
        foreach (Sections::FIELDS as $setting => [$path]) {
            if (array_key_exists($setting, Sections::DEFAULTS)) {
                $defaulted[] = $path;
                $this->assertArrayHasKey($path, $stored, "$setting has a config.xml default");
                // what the field shows for a document without the key is the sidecar's default
                $this->assertSame(Sections::fieldValue([], $setting), $stored[$path], "$path default");
            } else {
                $this->assertArrayNotHasKey($path, $stored, "$setting has no default at the sidecar (null)");
            }
        }
        $this->assertCount(count(Sections::DEFAULTS), $defaulted, 'every default belongs to a field');
        // saved untouched (the sidecar unreachable, the page posted config.xml's values), nothing changes
        $raw = static function (string $path) use ($stored): string {
            return $stored[$path] ?? '';
        };
        $this->assertSame([], Sections::applyAll([], $raw));
        $document = ['customers' => ['update_existing' => false], 'refunds' => ['cancelled' => 'flag']];
        $this->assertSame($document, Sections::applyAll($document, $raw));
    }

    public function testDbSchemaWhitelistAndStoresAgree(): void
    {
        $schema = self::xpath('etc/db_schema.xml');
        $whitelist = json_decode((string) file_get_contents(self::root() . '/etc/db_schema_whitelist.json'), true);
        $tables = self::values($schema, '//table/@name');
        $this->assertSame(['exact_sidecar_outbox', 'exact_sidecar_order'], $tables);
        $this->assertSame($tables, array_keys($whitelist));
        $columns = [];
        foreach ($tables as $table) {
            $columns[$table] = self::values($schema, '//table[@name="' . $table . '"]/column/@name');
            $this->assertSame($columns[$table], array_keys($whitelist[$table]['column']), "$table columns");
            $this->assertEqualsCanonicalizing(
                self::values($schema, '//table[@name="' . $table . '"]/index/@referenceId'),
                array_keys($whitelist[$table]['index'] ?? []),
                "$table indexes"
            );
            $this->assertEqualsCanonicalizing(
                self::values($schema, '//table[@name="' . $table . '"]/constraint/@referenceId'),
                array_keys($whitelist[$table]['constraint'] ?? []),
                "$table constraints"
            );
        }
        $store = new MemoryOutboxStore();
        $store->add('k', 'order.updated', 'order', '1', 1, 0);
        $this->assertEqualsCanonicalizing($columns['exact_sidecar_outbox'], array_keys($store->rows[1]));
        $this->assertEqualsCanonicalizing(
            $columns['exact_sidecar_order'],
            array_merge(['order_id', 'updated_at'], OrderLinkStoreInterface::FIELDS)
        );
        $this->assertSame(
            ['idempotency_key'],
            self::values($schema, '//constraint[@referenceId="EXACT_SIDECAR_OUTBOX_IDEMPOTENCY_KEY"]/column/@name')
        );
        $this->assertSame(['100'], self::values($schema, '//column[@name="idempotency_key"]/@length'));
    }

    public function testAclAndIntegrationAgree(): void
    {
        $acl = self::aclIds();
        foreach (['ExactSidecar_Connector::config', 'ExactSidecar_Connector::pushback'] as $id) {
            $this->assertContains($id, $acl);
        }
        $this->assertSame(count($acl), count(array_unique($acl)), 'ACL ids are unique');
        $names = self::values(self::xpath('etc/integration/config.xml'), '//integration/@name');
        $this->assertSame($names, self::values(self::xpath('etc/integration/api.xml'), '//integration/@name'));
        $resources = self::values(self::xpath('etc/integration/api.xml'), '//resource/@name');
        foreach ($resources as $resource) {
            if (strpos($resource, 'ExactSidecar_Connector::') === 0) {
                $this->assertContains($resource, $acl);
            }
        }
        $this->assertContains('ExactSidecar_Connector::pushback', $resources);
        $this->assertContains('ExactSidecar_Connector::api', $resources, 'the parent is listed too');
    }

    public function testControllersUseDeclaredAclResources(): void
    {
        $files = glob(self::root() . '/Controller/Adminhtml/*/*.php') ?: [];
        foreach ($files as $file) {
            $text = (string) file_get_contents($file);
            $this->assertMatchesRegularExpression("/ADMIN_RESOURCE = '([^']+)'/", $text, "$file sets ADMIN_RESOURCE");
            preg_match("/ADMIN_RESOURCE = '([^']+)'/", $text, $m);
            $this->assertContains($m[1], self::aclIds(), "$file uses a declared ACL id");
        }
        $this->assertSame(
            ['exactsidecar'],
            self::values(self::xpath('etc/adminhtml/routes.xml'), '//route/@frontName')
        );
    }

    public function testAdminLayoutGridAndPluginReferencesExist(): void
    {
        $layout = self::xpath('view/adminhtml/layout/sales_order_view.xml');
        foreach ($layout->query('//block') as $block) {
            $this->assertModuleClassFile($block->getAttribute('class'));
            $this->assertContains($block->getAttribute('aclResource'), self::aclIds());
            [, $template] = explode('::', $block->getAttribute('template'));
            $this->assertFileExists(self::root() . '/view/adminhtml/templates/' . $template);
        }
        $grid = self::xpath('view/adminhtml/ui_component/sales_order_grid.xml');
        foreach (self::values($grid, '//options/@class') as $class) {
            $this->assertTrue(class_exists($class), "$class exists");
        }
        $columns = self::values($grid, '//column/@name');
        $plugin = (string) file_get_contents(self::root() . '/Plugin/OrderGridJoin.php');
        foreach ($columns as $column) {
            $this->assertStringContainsString("'$column'", $plugin, "the grid plugin selects $column");
        }
        foreach (self::values(self::xpath('etc/adminhtml/di.xml'), '//plugin/@type') as $class) {
            $this->assertTrue(method_exists($class, 'afterGetReport'), "$class has its plugin method");
        }
        foreach (glob(self::root() . '/view/adminhtml/templates/*/*.phtml') ?: [] as $template) {
            $text = (string) file_get_contents($template);
            $this->assertStringNotContainsString('<script>', $text, "$template uses the CSP-safe renderer");
        }
    }
}
