"""The words of generated passphrases: common, short, lowercase English, easy to read aloud.

Shipped in the package (no download, no system dictionary): a passphrase of six of these
1294 words carries about 62 bits of entropy and can be read over the phone.
"""

WORDS: tuple[str, ...] = tuple(
    # A paragraph of words reads (and reviews) better than 1,294 quoted strings.
    """
able absorb acorn acre actor adapt admire adult advice advise aerial agent agile album align
alley allow almond alpine amber ample amulet amuse anchor angle ankle answer anthem antler anvil
apple apricot april apron aqua arbour arcade arch archer archway arena armchair armour arrive
arrow artist ashtray aspen assist atlas atoll attend attic august aurora autumn avenue avocado
award axle baboon backpack bacon badge badger bagel bagpipe bake baker balance balcony ballad
ballet balloon bamboo banana band bandit banjo banner bargain barge barley barn barrel basin
basket batch bathe baton battery bayou bazaar beach beacon beagle beaker bean beard beaver
bedroom beech beetle beetroot begin bell bellows belt bench beret berry bicycle billow birch
biscuit bishop bison blanket blazer blend blender blimp bloom blossom blouse blue bluebell boat
bobbin bobcat bold bonnet bonus bookcase boot border borrow bottle boulder bounce bouquet bowl
bracket bramble branch brass brave bread breeze breezy brew brick bridge bright brisk brooch
brook broom brother brownie bubble bucket buckle budget buffalo bugbear bugle build bundle
bungalow bunny burlap burrow bustle butter button buzzard cabbage cabin cabinet cable cactus
caddy cake calculate calendar calf calico calm camel camera camping campus canal canary candid
candle candy canoe canvas canyon capsule captain caramel caravan cardigan cargo carpet carrot
carry carton carve cashew castle catalog catch cattle cauldron cedar celery cellar cello cement
cereal chair chalk channel chapel chapter chariot cheer cheerful cheese cheetah cherry chess
chestnut chicken chimney chipmunk chisel chop chorus chowder cider cinema cinnamon circle circus
citrus city clam clarinet classic clay clever cliff climb climber clipper clock cloud clover
coach coast cobalt cobbler cobra cockle coconut codfish coffee collar collect comet comma
compass compose concert condor cook cookie copper coral cork cormorant corner corset cosy
cottage cotton couch count county courtyard cousin cover cowboy coyote crab cradle cranberry
crane crater crawl crayon cream create cricket crisp crocus cruise crumpet crystal cube cucumber
cupboard cupcake curly currant curtain cushion custard cutlass cycle cymbal dahlia dainty daisy
damson dance dancer dapper dash dawn debut decide decoy deer deliver delta denim desert design
desk dessert dewdrop diamond diary dinghy dingo dinner dipper discover dive dolphin domino
donkey doodle doorbell doughnut dove dragon dragonfly drawer dream dress drift drink drive
drizzle drum duck dumpling dune dust eager eagle early earring easel easy echo eclipse edit
eggplant elbow elder elephant elk elm ember emerald emu engine enjoy enter envelope ermine
escape essay estate estuary evening explore fable fabric fair falcon famous fancy farmer
fearless feather fence fennel ferret ferry fetch fiddle field fig figure finch finish firefly
fjord flag flamingo flannel flapjack flask fleece flint flipper float flock flower fluffy flute
foghorn fold folder follow fondue footpath forage forest fossil fountain fox frame frank freckle
fridge friendly frigate frost fruit fudge funnel gable gadget galaxy galleon gallery gallop
gander garage garden garlic garnet gate gather gazebo gazelle gecko gem gentle geyser gherkin
giant gibbon giggle ginger giraffe glacier glad glide glider glove glow goat goblet goblin gold
golden golf gondola goose gopher gorilla gosling graceful grain grand granite granola grape
grass gravel gravy griddle grizzly grove grow guard guava guess guitar gull gumdrop haddock
haiku halibut hammer hammock hamster handbell happy harbour hardy harp harpoon harvest hasty
hatch hatchet hawk haystack hazel hearty heather hedge hedgehog helmet hemlock hermit heron
hibiscus hickory hike hill hillside hinge hippo hobby hockey holly homestead honest honey hoof
hook hop hopscotch horizon hornet horse hotel hound hover hum humble hummus hurry husky hyacinth
hymn ibis iceberg icicle igloo imagine impala inkwell inlet insect invent iris iron island ivory
ivy jackdaw jacket jaguar jam jamboree jasmine javelin jelly jellybean jersey jester jetty jewel
jigsaw jockey jolly journal jubilee judge juggle juggler juice jump jumper jungle juniper kale
kayak keen kelp kennel kernel kestrel kettle keyboard kidney kind kingfisher kipper kitchen kite
kitten kiwi knapsack kneel knight knit knot koala lacewing ladder ladle lagoon lake lamb lamp
lamprey landmark lantern lapwing larch lark lasso lattice laugh launch laurel lava lavender lawn
leaf learn lemon lemur lentil leopard letter lettuce library lighthouse lilac lily lime limerick
linen linnet lion listen lively lizard llama lobster locket lodge loft lofty lollipop longbow
lotus loyal lucky lunch lupin lute lynx macaw machine mackerel magnet magnolia magpie mallet
mandolin mango mangrove manor mantis map maple marble march marigold market marmot marsh marvel
marzipan mason mayfly meadow measure meerkat mellow melon melt mend mercury merlin merry meteor
midnight mighty mill mineral mingle minnow mint mirror mistletoe mitten mix moccasin modest mole
mongoose monkey monsoon moon moorland moose morning mosaic mosquito moss moth motor mountain
mouse muesli muffin mulberry mural museum mushroom music musket mustard napkin narrow narwhal
nautilus neat nectar needle nest nettle newt nibble nickel night nightjar nimble noble nod
noodle north notebook nougat nugget nursery nutmeg oak oar oasis oatcake oatmeal obelisk observe
ocean ocelot octopus olive omelette onion opal open orange orbit orchard orchid organ organise
origami osprey ostrich otter outpost oven owl oyster paddle pagoda paint palace pancake panda
panther papaya paper paprika parade parasol parcel parrot parsley parsnip partridge pasta pastry
path pavilion peach peacock peanut pear pebble pecan pedal pelican pelmet pencil penguin peony
pepper perch petunia pheasant piano piccolo pickle picnic pigeon pillow pilot pine pinecone
pinwheel pioneer pirate pistachio pixie planet plank plant plaster plate play plover plum plunge
pocket poem polecat polish polite pomelo ponder pony popcorn poplar poppy porch porridge possum
potato pottery pour prairie praise pretzel primrose print prism proud pudding puffin pulley
pumice pumpkin puppet pursue puzzle pyramid python quail quarry quartz quay queen quiche quick
quiet quill quilt quince quiver quokka rabbit raccoon race radar radiator radio radish raft
ragdoll rain rainbow raisin rake ramble rambler ranch rapid raspberry rattle raven ravine reach
read ready redwood reed reef regal reindeer relax remind repair rescue rest rhubarb ribbon rice
ridge ripple river riverbank road roam robin robust rocket rodeo roof rooster root rope rose
rosemary rosy row rowboat royal ruby rucksack rudder rug ruler rusk rustic saddle saffron sail
salad salamander salmon sand sandal sandy sapphire sardine satchel satsuma saucer sausage
scallop scarf school scone scooter scribble scroll seagull seahorse search season seed sequoia
sesame sew shadow shamrock share shark sheep shell shelter sherbet shield shine shiny ship shore
shortbread shovel shrimp shrub silent silver simple sing singer sip skate sketch skiff skip
skylark sled sleek sleep sleeve slide slipper sloth smile smooth snail sneeze snooze snow
snowdrop snowman snug soap sofa solid solve sonic sorbet sort soup sow spaniel sparkle sparkler
sparrow speedy spider spin spinach spindle splash spoon spotted spring sprint sprocket spruce
squash squeeze squirrel stable stack stadium stamp starfish starling statue steady steam stir
stoat stone stool storm stout stream street stretch stroll strudel studio study sturdy sugar
summer sundial sunflower sunny sunset swallow swan sweater swift swim swing swirl sycamore table
tablet tackle tadpole tailor tall tambourine tangerine tango tapestry tapir teach teacup teapot
teaspoon temple tennis tent terrier thimble thistle thrush thunder thyme ticket tickle tidy
tiger timber tiny toadstool toast toboggan toffee tomato topaz torch tortoise toss toucan towel
tower tractor trail train tranquil travel treacle tree trellis trifle trombone trot trout
truffle trumpet trusty tugboat tulip tumble tundra tunnel turbot turnip turquoise turtle tuxedo
twig twirl ukulele umbrella uncle unfold unicorn unlock unpack urchin valley vanilla vase velvet
venture vicar viking violet violin visit vivid volcano vole voyage vulture waddle wade waffle
wagon walnut walrus wand wander warbler wardrobe warm wash wasp water waterfall wave weasel
weave weevil whale wheat wheel wheelbarrow whippet whisper whistle wigwam willow win windmill
window wink winter wise wisteria witty wizard wobble wolf wombat wonder wood woodpecker wool
woolly workshop wren write yacht yak yard yarn yawn yeast yellow yew yodel yodeller yogurt yoke
young zebra zephyr zesty zigzag zinc zipper zoom
""".split()  # noqa: SIM905
)
